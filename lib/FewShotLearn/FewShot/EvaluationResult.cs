using System.Net;

namespace FewShotLearn.FewShot;

/// <summary>
/// Retrieval quality of the compared methods over the same sampled target tasks: per-task scores, per method and metric
/// the mean ± 95% interval, and paired differences between methods.
/// </summary>
public sealed class EvaluationResult
{
    /// <summary>Wraps per-task scores of each method (same tasks, same order), in table order.</summary>
    public EvaluationResult(EvaluationOptions options, IReadOnlyList<(string Method, IReadOnlyList<RetrievalScores> Scores)> perTask)
    {
        if (perTask.Count == 0) throw new ArgumentException("An evaluation result needs at least one method.");
        if (perTask.Select(p => p.Scores.Count).Distinct().Count() != 1)
            throw new ArgumentException("Every method must be scored on the same tasks.");
        Options = options;
        Methods = perTask.Select(p => p.Method).ToArray();
        PerTask = perTask.ToDictionary(p => p.Method, p => p.Scores);
    }

    /// <summary>The settings used.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The method names, in table order.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The scores of every task, per method.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RetrievalScores>> PerTask { get; }

    /// <summary>Number of target tasks.</summary>
    public int Tasks => PerTask[Methods[0]].Count;

    /// <summary>The metric names, in table order.</summary>
    public static readonly string[] Metrics = ["P@1", "P@k", "mAP@R", "R@k"];

    /// <summary>One metric of one task's scores.</summary>
    public static double Value(RetrievalScores s, string metric) => metric switch
    {
        "P@1" => s.PrecisionAt1,
        "P@k" => s.PrecisionAtK,
        "mAP@R" => s.MapAtR,
        "R@k" => s.RecallAtK,
        _ => throw new ArgumentException($"Unknown metric '{metric}'; use one of {string.Join(", ", Metrics)}."),
    };

    /// <summary>The per-task values of one metric of one method.</summary>
    public IReadOnlyList<double> Values(string method, string metric) =>
        Scores(method).Select(s => Value(s, metric)).ToArray();

    /// <summary>Mean ± 95% interval of one metric of one method.</summary>
    public MeanInterval Summary(string method, string metric) => Statistics.MeanCI95(Values(method, metric));

    /// <summary>Paired difference <paramref name="a"/> − <paramref name="b"/> of one metric over the same tasks, mean ± 95% interval.</summary>
    public MeanInterval Difference(string a, string b, string metric) => PairedDifference.Of(Values(a, metric), Values(b, metric));

    /// <summary>The metric's column title with k filled in (e.g. "P@5").</summary>
    public string Column(string metric) => metric.Replace("@k", $"@{Options.K}");

    /// <summary>The table caption, e.g. "5-way 1-shot, 600 target tasks, mean ± 95% interval".</summary>
    public string Caption => $"{Options.Ways}-way {Options.Shots}-shot, {Tasks} target tasks, {Options.DatabasePerClass} database images per class, mean ± 95% interval";

    /// <summary>Rows of the results table: method, then "mean ± half-width" per metric.</summary>
    public IReadOnlyList<string[]> Rows() =>
        Methods.Select(m => new[] { m }.Concat(Metrics.Select(x => Summary(m, x).ToString("F3"))).ToArray()).ToArray();

    /// <summary>Rows of the paired differences of <paramref name="reference"/> against every other method: "reference − other", then P@1 and mAP@R.</summary>
    public IReadOnlyList<string[]> DifferenceRows(string reference) =>
        Methods.Where(m => m != reference).Select(m => new[]
        {
            $"− {m}", Signed(Difference(reference, m, "P@1")), Signed(Difference(reference, m, "mAP@R")),
        }).ToArray();

    /// <summary>"+0.012 ± 0.004".</summary>
    public static string Signed(MeanInterval d) =>
        $"{d.Mean.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)} ± {d.HalfWidth.ToString("F3", CultureInfo.InvariantCulture)}";

    /// <summary>The results table as Markdown, and the paired differences against <paramref name="reference"/> when it is one of the methods.</summary>
    public string ToMarkdown(string? reference = FullMethod.DisplayName)
    {
        var lines = new List<string>
        {
            $"| method ({Caption}) | " + string.Join(" | ", Metrics.Select(Column)) + " |",
            "|---|" + string.Concat(Enumerable.Repeat("---|", Metrics.Length)),
        };
        lines.AddRange(Rows().Select(r => "| " + string.Join(" | ", r) + " |"));
        if (reference is not null && Methods.Contains(reference) && Methods.Count > 1)
        {
            lines.Add("");
            lines.Add($"| paired difference: {reference} | ΔP@1 | ΔmAP@R |");
            lines.Add("|---|---|---|");
            lines.AddRange(DifferenceRows(reference).Select(r => "| " + string.Join(" | ", r) + " |"));
        }
        return string.Join("\n", lines);
    }

    /// <summary>The results table (and paired differences against <paramref name="reference"/>) as HTML, for notebooks.</summary>
    public string ToHtml(string? reference = FullMethod.DisplayName)
    {
        static string Table(string caption, IEnumerable<string> header, IEnumerable<string[]> rows) =>
            $"<table><caption>{WebUtility.HtmlEncode(caption)}</caption><tr>{string.Concat(header.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>"))}</tr>" +
            string.Concat(rows.Select(r => "<tr>" + string.Concat(r.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>")) + "</tr>")) + "</table>";
        var html = Table(Caption, new[] { "method" }.Concat(Metrics.Select(Column)), Rows());
        if (reference is not null && Methods.Contains(reference) && Methods.Count > 1)
            html += Table($"paired difference over the same tasks: {reference} − each method (mean ± 95% interval)", ["compared with", "ΔP@1", "ΔmAP@R"], DifferenceRows(reference));
        return html;
    }

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();

    private IReadOnlyList<RetrievalScores> Scores(string method) =>
        PerTask.TryGetValue(method, out var s) ? s : throw new ArgumentException($"No method named '{method}' in this result; it has: {string.Join(", ", Methods)}.");
}
