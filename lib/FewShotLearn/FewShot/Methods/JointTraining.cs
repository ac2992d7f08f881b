namespace FewShotLearn.FewShot;

/// <summary>
/// One network trained on the source and meta-train sets together (their classes kept apart), with pretraining's loss and
/// optimiser, for as many steps as the full method's pretraining plus the meta-train budget; then fine-tuning on S_t.
/// </summary>
public sealed class JointTraining : FewShotMethod
{
    /// <inheritdoc />
    public override string Name => "joint training on source + meta-train + fine-tuning";

    /// <inheritdoc />
    public override string Description => "one metric-learning run on the union of the source and meta-train classes, fine-tuning on S_t";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment)
    {
        var pretraining = experiment.Pretraining;
        using var union = CrossDomainSplit.Concat("source+meta-train", experiment.Split.Source, experiment.Split.MetaTrain);
        // As many extra images as the full method's meta-training saw, in full P x K batches.
        var batch = pretraining.Options.ClassesPerBatch * pretraining.Options.SamplesPerClass;
        var extra = (int)Math.Ceiling((double)experiment.MetaTrainImages / batch);
        Seeding.Seed(experiment.Seed);
        var net = new EmbeddingNet(experiment.Config, experiment.Split.Source.Images.device);
        var options = pretraining.Options with { Steps = pretraining.Options.Steps * experiment.Rounds + extra, Seed = experiment.Seed + 31337 };
        TrainingLosses.AddRange(MetricTrainer.Train(net, union, pretraining.Loss, options));
        Network = net;
    }
}
