namespace FewShotLearn.Training;

/// <summary>What callbacks see of a running training: the model, options, progress, history, and a way to stop it.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(nn.Module<Tensor, Tensor> model, TrainerOptions options, int stepsPerEpoch, History history)
    {
        Model = model; Options = options; StepsPerEpoch = stepsPerEpoch; History = history;
    }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The options of this run.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Optimisation steps per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Total steps planned (epochs x steps per epoch).</summary>
    public int TotalSteps => StepsPerEpoch * Options.Epochs;

    /// <summary>The current epoch (from 1).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Everything recorded so far.</summary>
    public History History { get; }

    /// <summary>Why training was stopped early, or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Asks the trainer to stop after the current epoch.</summary>
    public void RequestStop(string reason) => StopReason ??= reason;
}
