using Plotly.NET;

namespace FewShotLearn.Interactive;

/// <summary>
/// A live chart of one training loss per step for notebooks (e.g. pretraining's metric loss): displayed once and redrawn in
/// place at most every <c>minSeconds</c> seconds. Pass it as the training's progress.
/// </summary>
public sealed class LossLiveChart(string title, string xTitle = "step", string yTitle = "loss", double minSeconds = 1.0) : IProgress<TrainingProgress>
{
    readonly LiveDisplay output = new(minSeconds);
    readonly List<double> losses = [];

    /// <summary>The losses received so far.</summary>
    public IReadOnlyList<double> Losses => losses;

    /// <summary>How many times the chart was redrawn.</summary>
    public int Updates => output.Updates;

    /// <summary>Adds one reported step (its loss).</summary>
    public void Report(TrainingProgress value) => Add(value.Step, value.Loss);

    /// <summary>Adds the loss of one step and redraws when due.</summary>
    public void Add(int step, double loss)
    {
        losses.Add(loss);
        if (!output.Shown) output.Show(Chart());
        else output.Update(Chart);
    }

    /// <summary>Redraws now (call after training for the final state).</summary>
    public void Redraw() => output.Update(Chart, force: true);

    /// <summary>The chart of the losses so far.</summary>
    public GenericChart Chart() => Charts.Curves($"{title}: {losses.Count} steps", xTitle, yTitle, ("loss", losses.ToArray()));
}
