namespace FewShotLearn.FewShot;

/// <summary>
/// The patented method: pretraining on the source set, MAML on meta-train episodes repeated with pretraining until they agree
/// on meta-validation episodes (<see cref="FewShotPipeline"/>), then fine-tuning on S_t from the meta-learned initialisation.
/// </summary>
public sealed class FullMethod : FewShotMethod
{
    /// <summary>The name the verdict compares every baseline with.</summary>
    public const string DisplayName = "full method (pretraining + MAML + fine-tuning)";

    /// <inheritdoc />
    public override string Name => DisplayName;

    /// <inheritdoc />
    public override string Description => "pretraining on the source set, MAML on meta-train episodes (repeated until agreement), fine-tuning on S_t";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment)
    {
        var pipeline = experiment.Pipeline;
        TrainingLosses.AddRange(pipeline.MetaSteps.Select(s => s.OuterLoss));
        Network = ModelCopy.Copy(pipeline.Net);
        Network.eval();
    }
}
