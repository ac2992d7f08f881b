namespace FewShotLearn.FewShot;

/// <summary>Pretraining + fine-tuning on S_t: the source-set embedding (full method's pretraining budget), adapted to each task.</summary>
public sealed class PretrainingFineTuned : FewShotMethod
{
    /// <inheritdoc />
    public override string Name => "pretraining + fine-tuning";

    /// <inheritdoc />
    public override string Description => "metric learning on the source set, fine-tuning on S_t (never sees the meta-train set)";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment) => Network = experiment.PretrainedWithFullBudget();
}
