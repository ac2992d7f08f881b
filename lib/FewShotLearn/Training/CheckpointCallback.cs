namespace FewShotLearn.Training;

/// <summary>Saves a checkpoint at the end of each epoch: every epoch, or only when test accuracy improves (<paramref name="bestOnly"/>).</summary>
public sealed class CheckpointCallback(string path, bool bestOnly = true, Dictionary<string, string>? config = null) : ITrainingCallback
{
    double best = double.NegativeInfinity;

    /// <summary>Epoch of the last checkpoint written, or 0.</summary>
    public int SavedEpoch { get; private set; }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context, EpochMetrics epoch)
    {
        double score = epoch.TestAccuracy ?? -epoch.TrainLoss;
        if (bestOnly && score <= best) return;
        best = Math.Max(best, score);
        Checkpoint.Save(path, context.Model, new CheckpointHeader { Epoch = epoch.Epoch, TestAccuracy = epoch.TestAccuracy, Config = config ?? new() });
        SavedEpoch = epoch.Epoch;
    }
}
