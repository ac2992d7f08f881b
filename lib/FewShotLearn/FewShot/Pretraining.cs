namespace FewShotLearn.FewShot;

/// <summary>
/// Pretraining (the patent's stage 1, step 210): metric learning on the source set, the set with many labels (class-balanced batches,
/// via <see cref="MetricTrainer"/>). Each round of the repetition (230) uses a different batch seed.
/// </summary>
public sealed class Pretraining
{
    /// <summary>Pretraining with <paramref name="loss"/> (default: triplet loss with batch-hard mining) and <paramref name="options"/>.</summary>
    public Pretraining(MetricTrainingOptions options, IMetricLoss? loss = null)
    {
        Options = options;
        Loss = loss ?? new TripletLoss();
    }

    /// <summary>The training settings (steps, P x K batches, Adam).</summary>
    public MetricTrainingOptions Options { get; }

    /// <summary>The metric loss.</summary>
    public IMetricLoss Loss { get; }

    /// <summary>
    /// This stage with its learning rate times <paramref name="decay"/>^<paramref name="times"/> (step 230's later rounds:
    /// a gentler pretraining on the source set undoes less of what meta-training learned, so the two stages can converge).
    /// </summary>
    public Pretraining Decayed(double decay, int times) =>
        decay == 1 || times == 0 ? this : new Pretraining(Options with { LearningRate = Options.LearningRate * Math.Pow(decay, times) }, Loss);

    /// <summary>Trains <paramref name="net"/> on <paramref name="source"/>; returns the loss of each step, each reported to <paramref name="progress"/>.</summary>
    public IReadOnlyList<double> Train(EmbeddingNet net, LabeledImages source, int round = 0, IProgress<Training.TrainingProgress>? progress = null) =>
        MetricTrainer.Train(net, source, Loss, Options with { Seed = Options.Seed + 7919 * round }, progress);
}
