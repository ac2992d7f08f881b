using System.Net;

namespace FewShotLearn.FewShot;

/// <summary>Readable HTML tables of the few-shot pipeline's records, for notebooks (headers with units, rounded numbers).</summary>
public static class FewShotTables
{
    /// <summary>The rounds of the repetition (230): meta-validation scores of the pretrained and meta-trained network, gap, tolerance, times.</summary>
    public static HtmlView Rounds(IEnumerable<RoundRecord> rounds, string caption = "Rounds of pretraining and meta-training (meta-validation episodes)") =>
        Html(caption, ["round", "pretrained: prototype accuracy", "meta-trained: prototype accuracy", "gap", "tolerance", "agreed", "pretraining (s)", "meta-training (s)"],
            rounds.Select(r => new[] { r.Round.ToString(CultureInfo.InvariantCulture), F(r.PretrainingScore), F(r.MetaTrainingScore), F(r.Gap), F(r.Tolerance),
                r.Agreed ? "yes" : "no", r.PretrainingSeconds.ToString("F1", CultureInfo.InvariantCulture), r.MetaTrainingSeconds.ToString("F1", CultureInfo.InvariantCulture) }));

    /// <summary>A table with a caption, headers and rows of cell texts.</summary>
    public static HtmlView Html(string caption, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder($"<table><caption>{WebUtility.HtmlEncode(caption)}</caption><tr>");
        foreach (var h in headers) sb.Append($"<th>{WebUtility.HtmlEncode(h)}</th>");
        sb.Append("</tr>");
        foreach (var r in rows) sb.Append("<tr>").Append(string.Concat(r.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
        return new HtmlView(sb.Append("</table>").ToString());
    }

    private static string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);
}
