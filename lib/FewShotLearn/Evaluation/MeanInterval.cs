namespace FewShotLearn.Evaluation;

/// <summary>A mean with its 95% confidence half-width over <see cref="Count"/> samples (e.g. sampled few-shot tasks).</summary>
public readonly record struct MeanInterval(double Mean, double HalfWidth, double StdDev, int Count)
{
    /// <summary>Lower end of the interval.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper end of the interval.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>"0.812 ± 0.013".</summary>
    public override string ToString() => ToString("F3");

    /// <summary>Mean ± half-width with a numeric format.</summary>
    public string ToString(string format) => $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {HalfWidth.ToString(format, CultureInfo.InvariantCulture)}";
}
