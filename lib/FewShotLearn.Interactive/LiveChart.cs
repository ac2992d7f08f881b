namespace FewShotLearn.Interactive;

/// <summary>
/// A training callback for notebooks: shows the loss/accuracy chart once when training starts and redraws the same
/// output in place while it runs (at most every <paramref name="minSeconds"/> seconds, and at each epoch's end).
/// </summary>
public sealed class LiveChart(string title = "Training", double minSeconds = 1.0, int smooth = 10) : ITrainingCallback
{
    readonly LiveDisplay output = new(minSeconds);

    /// <summary>How many times the chart was redrawn.</summary>
    public int Updates => output.Updates;

    /// <inheritdoc />
    public void OnTrainBegin(TrainingContext context) => output.Show(context.History.Chart(title, smooth));

    /// <inheritdoc />
    public void OnStep(TrainingContext context, StepMetrics step) =>
        output.Update(() => context.History.Chart($"{title}: epoch {step.Epoch}/{context.Options.Epochs}, step {step.Step}/{context.TotalSteps}", smooth));

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context, EpochMetrics epoch) =>
        output.Update(() => context.History.Chart($"{title}: epoch {epoch.Epoch} done" + (epoch.TestAccuracy is double a ? $", test accuracy {a:P2}" : ""), smooth), force: true);

    /// <inheritdoc />
    public void OnTrainEnd(TrainingContext context) =>
        output.Update(() => context.History.Chart(title + (context.StopReason is { } r ? $" (stopped: {r})" : ""), smooth), force: true);
}
