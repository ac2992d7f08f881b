namespace FewShotLearn.FewShot;

/// <summary>
/// The one-line verdict of the headline: does the full method beat every baseline, outside the 95% interval of the paired
/// difference, at every K? Names each baseline it does not beat with the difference, e.g.
/// "verdict: the full method does not beat X at 1 shot (-0.070 ± 0.030 mAP@R)".
/// </summary>
public static class Verdict
{
    /// <summary>The verdict over results at several K (one <see cref="EvaluationResult"/> each), on <paramref name="metric"/>.</summary>
    public static string For(IReadOnlyList<EvaluationResult> results, string metric = "mAP@R", string reference = FullMethod.DisplayName)
    {
        if (results.Count == 0) throw new ArgumentException("The verdict needs at least one result.", nameof(results));
        var shots = string.Join(" and ", results.Select(r => r.Options.Shots).Distinct()) + (results.Count == 1 && results[0].Options.Shots == 1 ? " shot" : " shots");
        var misses = new List<string>();
        var worst = (Margin: double.PositiveInfinity, Text: "");
        foreach (var r in results)
        {
            if (!r.Methods.Contains(reference)) throw new ArgumentException($"The result has no method '{reference}' to judge.", nameof(results));
            foreach (var other in r.Methods.Where(m => m != reference))
            {
                var d = r.Difference(reference, other, metric);
                var text = $"{other} at {r.Options.Shots} shot{(r.Options.Shots == 1 ? "" : "s")} ({Format(d)} {metric}{(PairedDifference.Sign(d) < 0 ? ", worse" : PairedDifference.Sign(d) == 0 ? ", no significant difference" : "")})";
                if (PairedDifference.Sign(d) <= 0) misses.Add(text);
                else if (d.Lower < worst.Margin) worst = (d.Lower, text);
            }
        }
        if (results.All(r => r.Methods.Count == 1)) return $"verdict: nothing to compare the {Describe(reference)} with.";
        return misses.Count == 0
            ? $"verdict: the {Describe(reference)} beats all baselines at {shots} (closest: {worst.Text})."
            : $"verdict: the {Describe(reference)} does not beat {string.Join("; ", misses)}.";
    }

    private static string Describe(string reference) => reference == FullMethod.DisplayName ? "full method" : reference;

    private static string Format(MeanInterval d) =>
        $"{d.Mean.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)} ± {d.HalfWidth.ToString("F3", CultureInfo.InvariantCulture)}";
}
