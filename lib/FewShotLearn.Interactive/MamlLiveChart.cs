using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Plots;
using Plotly.NET;

namespace FewShotLearn.Interactive;

/// <summary>
/// A live chart of MAML training for notebooks: the inner-loop (support, before and after adaptation) and outer-loop
/// (query) losses per meta-iteration, displayed once and redrawn in place at most every <c>minSeconds</c> seconds.
/// Pass <see cref="OnMetaStep"/> to <see cref="FewShotPipeline.OnMetaStep"/> or <see cref="MetaTraining.Train"/>.
/// </summary>
public sealed class MamlLiveChart(string title = "MAML", double minSeconds = 1.0)
{
    readonly LiveDisplay output = new(minSeconds);
    readonly List<MetaStep> steps = [];

    /// <summary>How many times the chart was redrawn.</summary>
    public int Updates => output.Updates;

    /// <summary>The steps received so far.</summary>
    public IReadOnlyList<MetaStep> Steps => steps;

    /// <summary>Adds one meta-iteration (the round argument is ignored: iterations are numbered across rounds).</summary>
    public void OnMetaStep(int round, MetaStep step) => Add(step);

    /// <summary>Adds one meta-iteration and redraws when due.</summary>
    public void Add(MetaStep step)
    {
        steps.Add(step);
        if (!output.Shown) output.Show(Chart());
        else output.Update(Chart, force: step.Iteration == step.Total);
    }

    /// <summary>Redraws now (call after training for the final state).</summary>
    public void Redraw() => output.Update(Chart, force: true);

    /// <summary>The chart of the steps so far.</summary>
    public GenericChart Chart()
    {
        return Charts.Curves($"{title}: {steps.Count} meta-iterations", "meta-iteration", "loss",
            ("inner: support loss before adaptation", steps.Select(s => s.InnerLossBefore).ToArray()),
            ("inner: support loss after adaptation", steps.Select(s => s.InnerLossAfter).ToArray()),
            ("outer: query loss after adaptation", steps.Select(s => s.OuterLoss).ToArray()));
    }
}
