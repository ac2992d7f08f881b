using static TorchSharp.torch;

namespace FewShotLearn.Training;

/// <summary>Settings of a <see cref="Trainer"/> run.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Images per optimisation step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds torch (dropout) and the batch order at the start of Fit; seed the model's initial weights yourself before building it.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to compute; null means the model's current device.</summary>
    public Device? Device { get; init; }

    /// <summary>Cap on steps per epoch (short demos); null = the whole training set.</summary>
    public int? MaxStepsPerEpoch { get; init; }

    /// <summary>Batch size used for evaluation.</summary>
    public int EvaluationBatchSize { get; init; } = 500;

    /// <summary>Checks the values and says what is wrong.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentException($"Batch size must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"Learning rate must be a positive number; got {LearningRate}.");
        if (MaxStepsPerEpoch is <= 0) throw new ArgumentException($"MaxStepsPerEpoch must be positive when set; got {MaxStepsPerEpoch}.");
        if (EvaluationBatchSize <= 0) throw new ArgumentException($"Evaluation batch size must be at least 1; got {EvaluationBatchSize}.");
    }
}
