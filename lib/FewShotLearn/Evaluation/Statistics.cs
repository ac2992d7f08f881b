namespace FewShotLearn.Evaluation;

/// <summary>Mean and 95% confidence interval of a metric over many sampled tasks.</summary>
public static class Statistics
{
    // Two-sided 95% Student t quantiles t_{0.975, df} for df = 1..30.
    static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The t (df &lt;= 30) or normal (1.96, df &gt; 30) quantile used for a 95% interval with n samples.</summary>
    public static double Quantile95(int n) => n < 2 ? double.NaN : n - 1 <= T975.Length ? T975[n - 2] : 1.96;

    /// <summary>
    /// Mean, sample standard deviation (n - 1) and 95% half-width q * std / sqrt(n), with q from Student's t for n &lt;= 31
    /// and 1.96 above. One sample gives a NaN half-width; no samples is an error.
    /// </summary>
    public static MeanInterval MeanCI95(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) throw new ArgumentException("Cannot compute a mean of no samples.", nameof(values));
        var mean = v.Average();
        if (v.Length == 1) return new MeanInterval(mean, double.NaN, double.NaN, 1);
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MeanInterval(mean, Quantile95(v.Length) * std / Math.Sqrt(v.Length), std, v.Length);
    }
}
