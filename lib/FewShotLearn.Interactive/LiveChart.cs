using System.Diagnostics;
using FewShotLearn.Training;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace FewShotLearn.Interactive;

/// <summary>
/// A training callback for notebooks: shows the loss/accuracy chart once when training starts and redraws the same
/// output in place while it runs (at most every <paramref name="minSeconds"/> seconds, and at each epoch's end).
/// </summary>
public sealed class LiveChart(string title = "Training", double minSeconds = 1.0, int smooth = 10) : ITrainingCallback
{
    DisplayedValue? display;
    readonly Stopwatch sinceUpdate = new();

    /// <summary>How many times the chart was redrawn.</summary>
    public int Updates { get; private set; }

    /// <inheritdoc />
    public void OnTrainBegin(TrainingContext context)
    {
        var chart = context.History.Chart(title, smooth);
        display = KernelInvocationContext.Current is { } ctx ? ctx.Display(chart) : null;
        sinceUpdate.Restart();
    }

    /// <inheritdoc />
    public void OnStep(TrainingContext context, StepMetrics step)
    {
        if (sinceUpdate.Elapsed.TotalSeconds >= minSeconds) Redraw(context, $"{title}: epoch {step.Epoch}/{context.Options.Epochs}, step {step.Step}/{context.TotalSteps}");
    }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context, EpochMetrics epoch) =>
        Redraw(context, $"{title}: epoch {epoch.Epoch} done" + (epoch.TestAccuracy is double a ? $", test accuracy {a:P2}" : ""));

    /// <inheritdoc />
    public void OnTrainEnd(TrainingContext context) => Redraw(context, title + (context.StopReason is { } r ? $" (stopped: {r})" : ""));

    void Redraw(TrainingContext context, string heading)
    {
        display?.Update(context.History.Chart(heading, smooth));
        Updates++;
        sinceUpdate.Restart();
    }
}
