namespace FewShotLearn.MetricLearning;

/// <summary>Settings of <see cref="MetricTrainer.Train"/>: steps, P x K batches, Adam, seed and device.</summary>
public sealed record MetricTrainingOptions
{
    /// <summary>Number of optimisation steps (one batch each).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>P: classes per batch.</summary>
    public int ClassesPerBatch { get; init; } = 8;

    /// <summary>K: images per class per batch.</summary>
    public int SamplesPerClass { get; init; } = 4;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam weight decay.</summary>
    public double WeightDecay { get; init; } = 0;

    /// <summary>Seed of batch sampling and of torch.</summary>
    public int Seed { get; init; } = Seeding.DefaultSeed;

    /// <summary>Device to train on (default: the network's device).</summary>
    public Device? Device { get; init; }
}
