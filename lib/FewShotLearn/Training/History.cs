using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Training;

/// <summary>The record of a training run: every step's loss/accuracy, every epoch's summary and every evaluation.</summary>
public sealed class History
{
    readonly List<StepMetrics> steps = new();
    readonly List<EpochMetrics> epochs = new();
    readonly List<EvaluationMetrics> evaluations = new();

    /// <summary>Every optimisation step in order.</summary>
    public IReadOnlyList<StepMetrics> Steps => steps;

    /// <summary>Every finished epoch.</summary>
    public IReadOnlyList<EpochMetrics> Epochs => epochs;

    /// <summary>Every test-set evaluation.</summary>
    public IReadOnlyList<EvaluationMetrics> Evaluations => evaluations;

    /// <summary>The last evaluation, or null.</summary>
    public EvaluationMetrics? LastEvaluation => evaluations.Count > 0 ? evaluations[^1] : null;

    internal void Add(StepMetrics s) { lock (steps) steps.Add(s); }
    internal void Add(EpochMetrics e) { lock (steps) epochs.Add(e); }
    internal void Add(EvaluationMetrics e) { lock (steps) evaluations.Add(e); }

    /// <summary>Mean of the last <paramref name="window"/> step losses (smooths the noisy per-batch curve).</summary>
    public double RecentLoss(int window = 20) => steps.Count == 0 ? double.NaN : steps.TakeLast(window).Average(s => s.Loss);

    /// <summary>Loss (left) and accuracy curves against the step: per-batch values smoothed over <paramref name="smooth"/> steps,
    /// and the test figures at each epoch end.</summary>
    public GenericChart Chart(string title = "Training", int smooth = 10)
    {
        StepMetrics[] s; EpochMetrics[] e;
        lock (steps) { s = steps.ToArray(); e = epochs.ToArray(); }
        var x = s.Select(p => (double)p.Step).ToArray();
        var traces = new List<GenericChart>
        {
            PlotlyChart.Line<double, double, string>(x, Smooth(s.Select(p => p.Loss).ToArray(), smooth), Name: "train loss", ShowMarkers: false),
            PlotlyChart.Line<double, double, string>(x, Smooth(s.Select(p => p.Accuracy).ToArray(), smooth), Name: "train accuracy", ShowMarkers: false),
        };
        var withTest = e.Where(p => p.TestAccuracy is not null).ToArray();
        if (withTest.Length > 0)
        {
            // Test figures sit at the last step of their epoch; markers make a single epoch visible.
            var ex = withTest.Select(p => (double)s.Where(q => q.Epoch <= p.Epoch).Select(q => q.Step).DefaultIfEmpty(0).Max()).ToArray();
            traces.Add(PlotlyChart.Line<double, double, string>(ex, withTest.Select(p => p.TestLoss!.Value).ToArray(), Name: "test loss", ShowMarkers: true));
            traces.Add(PlotlyChart.Line<double, double, string>(ex, withTest.Select(p => p.TestAccuracy!.Value).ToArray(), Name: "test accuracy", ShowMarkers: true));
        }
        return Charts.Titled(PlotlyChart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: $"loss / accuracy (train: mean of {smooth} steps)");
    }

    static double[] Smooth(double[] v, int window)
    {
        var r = new double[v.Length];
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i];
            if (i >= window) sum -= v[i - window];
            r[i] = sum / Math.Min(i + 1, window);
        }
        return r;
    }
}
