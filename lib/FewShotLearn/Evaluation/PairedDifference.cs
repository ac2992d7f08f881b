namespace FewShotLearn.Evaluation;

/// <summary>
/// Paired differences of two methods scored on the same tasks: the mean of the per-task differences a_i - b_i with its
/// 95% interval (<see cref="Statistics.MeanCI95"/>), which is tighter than comparing two unpaired intervals because the
/// task-to-task variation cancels.
/// </summary>
public static class PairedDifference
{
    /// <summary>Mean ± 95% interval of a_i - b_i; both lists hold one score per task, in the same task order.</summary>
    public static MeanInterval Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
            throw new ArgumentException($"Paired differences need one score per task on both sides; got {a.Count} and {b.Count}.");
        if (a.Count == 0) throw new ArgumentException("Paired differences need at least one task.");
        var d = new double[a.Count];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = a[i] - b[i];
            if (!double.IsFinite(d[i])) throw new ArgumentException($"Task {i} has a non-finite score ({a[i]} vs {b[i]}).");
        }
        return Statistics.MeanCI95(d);
    }

    /// <summary>+1 when the interval lies above 0 (a better), -1 when below (b better), 0 when it contains 0 (no significant difference).</summary>
    public static int Sign(MeanInterval difference) => difference.Lower > 0 ? 1 : difference.Upper < 0 ? -1 : 0;
}
