"""Writes notebooks 08 and 09 (meta-learning half of the course) as nbformat-4 JSON without outputs."""
import json, sys

META = {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"name": "polyglot-notebook"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}}
SETUP = '#r "../artifacts/bin/FewShotLearn.Interactive/debug/FewShotLearn.Interactive.dll"\nFewShotLearn.Interactive.Notebook.Setup()'

def lines(text):
    text = text.strip("\n")
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + [parts[-1]]

def code(text):
    return {"cell_type": "code", "execution_count": None, "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}, "outputs": [], "source": lines(text)}

def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": lines(text)}

def write(path, cells):
    nb = {"cells": [code(SETUP)] + cells, "metadata": META, "nbformat": 4, "nbformat_minor": 5}
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)
        f.write("\n")
