#!/usr/bin/env bash
# Fetches the downloadable data sets (default: all) into the data directory:
# $FEWSHOT_DATA, else <repo>/data/datasets. Idempotent; see data/README.md.
#   data/fetch.sh                 # mnist and fashion-mnist
#   data/fetch.sh fashion-mnist   # one data set
#   data/fetch.sh --data-dir /somewhere mnist
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --project "$repo/lib/FewShotLearn.Cli" -- data fetch "$@"
