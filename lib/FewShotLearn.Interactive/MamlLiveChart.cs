using Plotly.NET;

namespace FewShotLearn.Interactive;

/// <summary>
/// A live chart of MAML training for notebooks: the outer-loop (query) loss and the inner-loop (support, before and after
/// adaptation) losses per meta-iteration, displayed once and redrawn in place at most every <c>minSeconds</c> seconds.
/// It is the <see cref="IProgress{T}"/> of <see cref="TrainingProgress"/> to pass to <see cref="MetaTraining.Train"/> or <see cref="FewShotPipeline.Progress"/>.
/// </summary>
public sealed class MamlLiveChart(string title = "MAML", double minSeconds = 1.0) : IProgress<TrainingProgress>
{
    readonly LiveDisplay output = new(minSeconds);
    readonly List<TrainingProgress> steps = [];

    /// <summary>How many times the chart was redrawn.</summary>
    public int Updates => output.Updates;

    /// <summary>The reports received so far.</summary>
    public IReadOnlyList<TrainingProgress> Steps => steps;

    /// <summary>Adds one meta-iteration and redraws when due.</summary>
    public void Report(TrainingProgress step)
    {
        steps.Add(step);
        if (!output.Shown) output.Show(Chart());
        else output.Update(Chart, force: step.Step == step.TotalSteps);
    }

    /// <summary>Redraws now (call after training for the final state).</summary>
    public void Redraw() => output.Update(Chart, force: true);

    /// <summary>The chart of the steps so far: the loss as "outer: query loss after adaptation", each further value as "inner: NAME".</summary>
    public GenericChart Chart()
    {
        var x = Enumerable.Range(1, steps.Count).Select(i => (double)i).ToArray();
        var names = steps.SelectMany(s => s.Values.Select(v => v.Name)).Distinct().ToArray();
        var series = names.Select(n => ((string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y))($"inner: {n}", x,
                steps.Select(s => s.Values.Where(v => v.Name == n).Select(v => v.Value).DefaultIfEmpty(double.NaN).First()).ToArray()))
            .Append(("outer: query loss after adaptation", x, steps.Select(s => s.Loss).ToArray())).ToArray();
        return Charts.Lines($"{title}: {steps.Count} meta-iterations", "meta-iteration", "loss", series);
    }
}
