namespace FewShotLearn.FewShot;

/// <summary>
/// The ablation of MAML: pretraining, then plain metric training on the meta-train set (pretraining's loss and optimiser, as
/// many meta-train images as the full method's meta-training saw, one block per round after that round's pretraining), then
/// the same fine-tuning on S_t. The full method minus this one is what MAML itself adds.
/// </summary>
public sealed class MetricMetaTraining : FewShotMethod
{
    /// <inheritdoc />
    public override string Name => "pretraining + metric training on meta-train + fine-tuning";

    /// <inheritdoc />
    public override string Description => "pretraining, plain metric training on the meta-train set (same images as MAML), fine-tuning on S_t";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment)
    {
        var pretraining = experiment.Pretraining;
        var net = Models.ModelCopy.Copy(experiment.Pretrained);
        var (steps, classes) = experiment.MetaTrainBudget();
        var rounds = experiment.Rounds;
        for (var round = 1; round <= rounds; round++)
        {
            if (round > 1) pretraining.Train(net, experiment.Split.Source, round - 1);
            var share = steps / rounds + (round <= steps % rounds ? 1 : 0);
            var options = pretraining.Options with { Steps = share, ClassesPerBatch = classes, Seed = experiment.Seed + 104729 * round };
            TrainingLosses.AddRange(MetricTrainer.Train(net, experiment.Split.MetaTrain, pretraining.Loss, options));
        }
        Network = net;
    }
}
