namespace FewShotLearn.FewShot;

/// <summary>
/// A Prototypical Network (Snell et al. 2017) trained episodically on the meta-train set: from the pretrained weights (full
/// pretraining budget), Adam steps of the episodic prototype loss (prototypes of the support set, cross-entropy of the
/// queries over them) on same-classes episodes of the full method's shape, as many episodes (so as many images) and as many
/// optimiser steps as the full method's meta-training; then the same fine-tuning on S_t.
/// </summary>
public sealed class PrototypicalNetwork : FewShotMethod
{
    /// <inheritdoc />
    public override string Name => "prototypical network + fine-tuning";

    /// <inheritdoc />
    public override string Description => "pretraining, episodic prototype-loss training on the meta-train set (same episodes as MAML), fine-tuning on S_t";

    /// <inheritdoc />
    public override void Train(FewShotExperiment experiment)
    {
        var net = experiment.PretrainedWithFullBudget();
        var maml = experiment.MetaTraining;
        var ways = experiment.Split.MetaTrainWays(EpisodeMode.SameClasses, maml.Ways);
        var loss = new PrototypeLoss();
        var sampler = new EpisodeSampler(experiment.Split.MetaTrain, seed: experiment.Seed + 271, device: net.Device);
        Seeding.Seed(experiment.Seed + 271);
        using var optimizer = optim.Adam(net.parameters(), maml.OuterLr);
        var steps = experiment.MetaTrainEpisodes / maml.MetaBatch;
        net.train();
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            var total = 0.0;
            for (var b = 0; b < maml.MetaBatch; b++)
            {
                using var scope = NewDisposeScope();
                using var episode = sampler.Sample(ways, maml.Shots, maml.Queries, EpisodeMode.SameClasses);
                var embedded = net.forward(cat([episode.SupportImages, episode.QueryImages], 0));
                var n = episode.SupportImages.shape[0];
                var l = loss.ComputeEpisode(embedded.narrow(0, 0, n), episode.SupportLabels, embedded.narrow(0, n, embedded.shape[0] - n), episode.QueryLabels);
                (l / maml.MetaBatch).backward();
                total += l.item<float>();
            }
            var mean = total / maml.MetaBatch;
            if (!double.IsFinite(mean))
                throw new InvalidOperationException($"The prototypical network's loss became {mean} at step {step + 1}; lower MamlOptions.OuterLr (now {maml.OuterLr}).");
            optimizer.step();
            TrainingLosses.Add(mean);
        }
        net.eval();
        Network = net;
    }
}
