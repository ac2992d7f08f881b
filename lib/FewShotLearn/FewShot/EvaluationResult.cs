using FewShotLearn.Data;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>
/// Retrieval quality of the compared methods over sampled target tasks: the per-task scores and, per method and
/// metric, the mean ± 95% interval.
/// </summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(EvaluationOptions options, IReadOnlyDictionary<FewShotMethod, List<RetrievalScores>> perTask)
    {
        Options = options;
        PerTask = perTask.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<RetrievalScores>)kv.Value);
    }

    /// <summary>The settings used.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The scores of every task, per method.</summary>
    public IReadOnlyDictionary<FewShotMethod, IReadOnlyList<RetrievalScores>> PerTask { get; }

    /// <summary>The metric names, in table order.</summary>
    public static readonly string[] Metrics = ["P@1", "P@k", "mAP@R", "R@k"];

    /// <summary>Mean ± 95% interval of one metric of one method.</summary>
    public MeanInterval Summary(FewShotMethod method, string metric) =>
        Statistics.MeanCI95(PerTask[method].Select(s => metric switch
        {
            "P@1" => s.PrecisionAt1,
            "P@k" => s.PrecisionAtK,
            "mAP@R" => s.MapAtR,
            "R@k" => s.RecallAtK,
            _ => throw new ArgumentException($"Unknown metric '{metric}'; use one of {string.Join(", ", Metrics)}."),
        }));

    /// <summary>Paired difference <paramref name="a"/> − <paramref name="b"/> of one metric over the same tasks, mean ± 95% interval.</summary>
    public MeanInterval Difference(FewShotMethod a, FewShotMethod b, string metric)
    {
        double Value(RetrievalScores s) => metric switch
        {
            "P@1" => s.PrecisionAt1,
            "P@k" => s.PrecisionAtK,
            "mAP@R" => s.MapAtR,
            "R@k" => s.RecallAtK,
            _ => throw new ArgumentException($"Unknown metric '{metric}'; use one of {string.Join(", ", Metrics)}."),
        };
        return Statistics.MeanCI95(PerTask[a].Zip(PerTask[b], (x, y) => Value(x) - Value(y)));
    }

    /// <summary>The table as an HTML table (for notebooks).</summary>
    public string ToHtml()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"<table><caption>{Options.Ways}-way {Options.Shots}-shot, {Options.Tasks} target tasks, k = {Options.K}, mean ± 95% interval</caption><tr><th>method</th>");
        foreach (var m in Metrics) sb.Append($"<th>{System.Net.WebUtility.HtmlEncode(m)}</th>");
        sb.Append("</tr>");
        foreach (var row in Rows())
            sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{System.Net.WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
        return sb.Append("</table>").ToString();
    }

    /// <summary>A display label of a method, e.g. "(c) full method".</summary>
    public static string Label(FewShotMethod method) => method switch
    {
        FewShotMethod.PretrainedOnly => "(a) stage 1 only",
        FewShotMethod.PretrainingFineTuned => "(b) stage 1 + fine-tuning",
        FewShotMethod.FullMethod => "(c) stage 1 + MAML + fine-tuning",
        FewShotMethod.PrototypeBaseline => "(d) prototype baseline",
        FewShotMethod.MetaTrainFineTuned => "(e) stage 1 + D2 metric training + fine-tuning",
        _ => method.ToString(),
    };

    /// <summary>Rows of the results table: method label, then "mean ± half-width" per metric.</summary>
    public IReadOnlyList<string[]> Rows() =>
        PerTask.Keys.Select(m => new[] { Label(m) }.Concat(Metrics.Select(x => Summary(m, x).ToString("F3"))).ToArray()).ToArray();

    /// <summary>The table as Markdown (k and the task shape in the header line).</summary>
    public string ToMarkdown()
    {
        var header = $"| method ({Options.Ways}-way {Options.Shots}-shot, {Options.Tasks} tasks, k={Options.K}) | " + string.Join(" | ", Metrics) + " |";
        var line = "|---|" + string.Concat(Enumerable.Repeat("---|", Metrics.Length));
        return string.Join("\n", new[] { header, line }.Concat(Rows().Select(r => "| " + string.Join(" | ", r) + " |")));
    }

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();
}
