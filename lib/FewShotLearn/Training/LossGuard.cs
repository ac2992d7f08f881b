namespace FewShotLearn.Training;

/// <summary>Thrown when a training loss becomes NaN or infinite: the run stops at that step instead of saving broken weights.</summary>
public sealed class NonFiniteLossException(string message, int step, double learningRate) : InvalidOperationException(message)
{
    /// <summary>The step (from 1) whose loss was not finite.</summary>
    public int Step { get; } = step;

    /// <summary>The learning rate of the run.</summary>
    public double LearningRate { get; } = learningRate;
}

/// <summary>
/// The one non-finite-loss rule of every training loop (Trainer, FineTuner, MetricTrainer, MetaTraining, GcnTraining):
/// <see cref="Check"/> throws <see cref="NonFiniteLossException"/> at the first NaN or infinite loss, naming the loop, the step
/// and the learning rate, and warns once (through <see cref="Warnings"/>) when a finite loss explodes to more than
/// <see cref="ExplosionFactor"/> times the first loss (at least 1): training that diverges says so instead of ending quietly.
/// </summary>
public sealed class LossGuard
{
    readonly string loop;
    readonly double learningRate;

    /// <summary>A guard for one run of <paramref name="loop"/>; refuses a learning rate that is not a finite number above 0.</summary>
    public LossGuard(string loop, double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{loop}: the learning rate must be a finite number greater than 0; got {learningRate}.");
        this.loop = loop;
        this.learningRate = learningRate;
    }

    /// <summary>How many times the first loss (or 1, if larger) a loss may reach before the guard warns.</summary>
    public const double ExplosionFactor = 1000;

    double? first;

    /// <summary>True once the explosion warning was given.</summary>
    public bool Warned { get; private set; }

    /// <summary>Checks the loss of step <paramref name="step"/> (from 1) and returns it.</summary>
    public double Check(double loss, int step)
    {
        if (!double.IsFinite(loss))
            throw new NonFiniteLossException($"{loop}: the loss became {loss} at step {step}; lower the learning rate (now {learningRate:G4}) and train again.", step, learningRate);
        first ??= loss;
        if (!Warned && Math.Abs(loss) > ExplosionFactor * Math.Max(Math.Abs(first.Value), 1))
        {
            Warned = true;
            Warnings.Warn($"{loop}: the loss exploded to {loss:G4} at step {step} (first loss {first.Value:G4}); the learning rate {learningRate:G4} is probably too high, lower it.");
        }
        return loss;
    }
}
