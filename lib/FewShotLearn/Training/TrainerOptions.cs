namespace FewShotLearn.Training;

/// <summary>How the learning rate varies with the optimisation step.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate for every step.</summary>
    Constant,

    /// <summary>One cycle (Smith 2018): a linear warm-up over the first 20 % of the steps from rate/25 to the rate, then
    /// cosine annealing down to rate/2500 at the last step.</summary>
    OneCycle,
}

/// <summary>The learning rate of step <c>step</c> (0-based) of <c>totalSteps</c> under a schedule.</summary>
public static class LearningRates
{
    /// <summary>The rate for step <paramref name="step"/> of <paramref name="totalSteps"/> with peak rate <paramref name="rate"/>.</summary>
    public static double At(LearningRateSchedule schedule, double rate, int step, int totalSteps)
    {
        if (totalSteps <= 0) throw new ArgumentException($"totalSteps must be positive; got {totalSteps}.");
        if (schedule == LearningRateSchedule.Constant) return rate;
        int warm = Math.Max(1, (int)Math.Round(0.2 * totalSteps));
        double start = rate / 25, end = rate / 2500;
        if (step < warm) return start + (rate - start) * step / warm;
        double t = totalSteps - warm <= 1 ? 1 : (double)(step - warm) / (totalSteps - warm - 1);
        return end + (rate - end) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, t)));
    }
}

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

    /// <summary>How the learning rate changes over the run (default: constant <see cref="LearningRate"/>).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Applied to every training batch [N, C, H, W] before the forward pass (e.g. random shifts and rotations);
    /// never to evaluation batches. Null = no augmentation.</summary>
    public Func<Tensor, Tensor>? Augment { get; init; }

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
