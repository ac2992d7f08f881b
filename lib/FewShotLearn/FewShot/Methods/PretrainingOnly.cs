namespace FewShotLearn.FewShot;

/// <summary>Pretraining only: the source-set embedding (with the full method's pretraining budget), no adaptation to the task.</summary>
public sealed class PretrainingOnly : FewShotMethod
{
    /// <inheritdoc />
    public override string Name => "pretraining only";

    /// <inheritdoc />
    public override string Description => "metric learning on the source set; searches without adaptation";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment) => Network = experiment.PretrainedWithFullBudget();

    /// <inheritdoc />
    public override AdaptedModel ProcessSupportSet(Tensor supportImages, Tensor supportLabels, TargetAdaptation adaptation) =>
        AdaptedModel.Of(Trained, Trained.ForwardWith);
}
