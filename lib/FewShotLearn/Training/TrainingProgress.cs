namespace FewShotLearn.Training;

/// <summary>
/// The one progress report of every training loop (Trainer, FineTuner, MetricTrainer, MetaTraining, GcnTraining): step
/// <see cref="Step"/> of <see cref="TotalSteps"/> (from 1) of <see cref="Phase"/> ended with <see cref="Loss"/>. Loops that
/// know more add it: the epoch, a batch accuracy, further named curves (MAML's support losses), the seconds so far.
/// Loops take an <see cref="IProgress{T}"/> of it; <see cref="Handler"/> makes one that runs on the training thread.
/// </summary>
public sealed record TrainingProgress(string Phase, int Step, int TotalSteps, double Loss)
{
    /// <summary>The epoch (from 1), or 0 for loops without epochs.</summary>
    public int Epoch { get; init; }

    /// <summary>Accuracy of the step's batch, when the loop classifies.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Further named values of the step (e.g. MAML's support loss before and after adaptation).</summary>
    public IReadOnlyList<(string Name, double Value)> Values { get; init; } = [];

    /// <summary>Seconds of training so far (when measured).</summary>
    public double Seconds { get; init; }

    /// <summary>"PHASE step S/T: loss L, NAME V ...".</summary>
    public override string ToString()
    {
        var values = string.Concat(Values.Select(v => string.Create(CultureInfo.InvariantCulture, $", {v.Name} {v.Value:F4}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Phase} {(Epoch > 0 ? $"epoch {Epoch} " : "")}step {Step}/{TotalSteps}: loss {Loss:F4}{(Accuracy is double a ? $", accuracy {a:P1}" : "")}{values}");
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls <paramref name="action"/> at once on the training thread
    /// (unlike <see cref="Progress{T}"/>, which posts to a synchronisation context later).</summary>
    public static IProgress<TrainingProgress> Handler(Action<TrainingProgress> action) => new Synchronous(action);

    sealed class Synchronous(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
