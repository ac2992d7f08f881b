namespace FewShotLearn.Training;

/// <summary>Hooks into a <see cref="Trainer"/> run: after every optimisation step, after each evaluation and at each epoch's end.
/// Every method has an empty default, so a callback implements only what it needs.</summary>
public interface ITrainingCallback
{
    /// <summary>Called once before the first step.</summary>
    void OnTrainBegin(TrainingContext context) { }

    /// <summary>Called after every optimisation step.</summary>
    void OnStep(TrainingContext context, StepMetrics step) { }

    /// <summary>Called after the test set has been evaluated (once per epoch when a test set is given).</summary>
    void OnEvaluate(TrainingContext context, EvaluationMetrics evaluation) { }

    /// <summary>Called at the end of every epoch, after evaluation.</summary>
    void OnEpochEnd(TrainingContext context, EpochMetrics epoch) { }

    /// <summary>Called once when training ends (normally or by a stop request).</summary>
    void OnTrainEnd(TrainingContext context) { }
}
