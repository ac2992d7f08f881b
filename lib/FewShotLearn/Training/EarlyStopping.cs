namespace FewShotLearn.Training;

/// <summary>Stops training when the test accuracy (or, without a test set, the training loss) has not improved
/// by at least <paramref name="minDelta"/> for <paramref name="patience"/> epochs, or once it reaches <paramref name="targetAccuracy"/>.</summary>
public sealed class EarlyStopping(int patience = 2, double minDelta = 1e-4, double? targetAccuracy = null) : ITrainingCallback
{
    double best = double.NegativeInfinity;
    int stale;

    /// <summary>The epoch with the best monitored value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context, EpochMetrics epoch)
    {
        double score = epoch.TestAccuracy ?? -epoch.TrainLoss;
        if (targetAccuracy is double target && epoch.TestAccuracy >= target)
        {
            context.RequestStop($"test accuracy {epoch.TestAccuracy:P2} reached the target {target:P2} at epoch {epoch.Epoch}");
            return;
        }
        if (score > best + minDelta) { best = score; stale = 0; BestEpoch = epoch.Epoch; }
        else if (++stale >= patience)
            context.RequestStop($"no improvement for {patience} epoch(s); best at epoch {BestEpoch}");
    }
}
