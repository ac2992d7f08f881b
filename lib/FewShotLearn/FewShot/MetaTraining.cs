using System.Diagnostics;

namespace FewShotLearn.FewShot;

/// <summary>
/// Meta-training (the patent's stage 2, step 220): MAML with a metric loss. For each episode the learner adapts on the
/// support set for n steps (eq. 1), its metric loss on the query set is taken and the initialisation
/// is meta-updated with Adam over a batch of episodes (eq. 2), for m meta-iterations.
/// </summary>
public sealed class MetaTraining
{
    /// <summary>
    /// Creates the stage for <paramref name="module"/> (with its functional <paramref name="forward"/>).
    /// <paramref name="innerLoss"/> is used on the support set (default: <see cref="MamlOptions.InnerLoss"/>, which defaults to
    /// <see cref="SupportLosses.For"/>), <paramref name="outerLoss"/> on the query set (default: prototype loss).
    /// </summary>
    public MetaTraining(nn.Module module, FunctionalForward forward, MamlOptions options, ISupportLoss? innerLoss = null, IMetricLoss? outerLoss = null, int seed = 0)
    {
        options.Validate();
        Options = options;
        Maml = new Maml(module, forward, options.InnerLr, options.FirstOrder);
        InnerLoss = innerLoss ?? SupportLosses.Create(options.InnerLoss, options.Shots, seed);
        OuterLoss = outerLoss ?? new PrototypeLoss();
        if (options.LearnInnerRates) InnerRates = new LearnedInnerRates(Maml.Parameters, options.InnerLr);
    }

    /// <summary>Meta-SGD's learned per-weight inner step sizes (meta-learned with the initialisation), or null when <see cref="MamlOptions.LearnInnerRates"/> is off.</summary>
    public LearnedInnerRates? InnerRates { get; }

    /// <summary>The settings.</summary>
    public MamlOptions Options { get; }

    /// <summary>The MAML wrapper (its module holds the meta-learned initialisation).</summary>
    public Maml Maml { get; }

    /// <summary>The loss of the inner loop (on support sets).</summary>
    public ISupportLoss InnerLoss { get; }

    /// <summary>The loss of the outer loop (on query sets).</summary>
    public IMetricLoss OuterLoss { get; }

    /// <summary>Runs m meta-iterations on episodes from <paramref name="sampler"/>, reporting each to <paramref name="progress"/>
    /// (loss = the outer (query) loss; values: the support loss before and after adaptation). Stops at a non-finite loss
    /// (<see cref="Training.LossGuard"/>), before the meta-update that would spread it into the weights.</summary>
    public IReadOnlyList<MetaStep> Train(EpisodeSampler sampler, IProgress<Training.TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var module = Maml.Module;
        module.train();
        var trained = module.parameters().Where(p => p.requires_grad).Cast<Tensor>().Concat(InnerRates?.Parameters ?? []).ToArray();
        using var optimizer = torch.optim.Adam(trained.Select(t => (TorchSharp.Modules.Parameter)t), Options.OuterLr);
        var history = new List<MetaStep>();
        var guard = new Training.LossGuard("meta-training (MAML)", Options.OuterLr);
        var innerGuard = new Training.LossGuard("meta-training (MAML inner loop)", Options.InnerLr);
        for (var it = 0; it < Options.MetaIterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            optimizer.zero_grad();
            double before = 0, after = 0, outer = 0;
            for (var b = 0; b < Options.MetaBatch; b++)
            {
                using var scope = torch.NewDisposeScope();
                using var episode = sampler.Sample(Options.Ways, Options.Shots, Options.Queries, Options.Mode);
                var (queryLoss, innerBefore, innerAfter) = EpisodeLoss(episode, innerGuard, it + 1);
                innerGuard.Check(innerBefore, it + 1);
                innerGuard.Check(innerAfter, it + 1);
                var query = guard.Check(queryLoss.item<float>(), it + 1);
                var scaled = Options.AverageOverBatch ? queryLoss / Options.MetaBatch : queryLoss;
                scaled.backward();
                before += innerBefore;
                after += innerAfter;
                outer += query;
            }
            optimizer.step();
            var step = new MetaStep(it + 1, Options.MetaIterations, before / Options.MetaBatch, after / Options.MetaBatch, outer / Options.MetaBatch, clock.Elapsed.TotalSeconds);
            history.Add(step);
            progress?.Report(new Training.TrainingProgress("meta-training", step.Iteration, step.Total, step.OuterLoss)
            {
                Values = [("support loss before adaptation", step.InnerLossBefore), ("support loss after adaptation", step.InnerLossAfter)],
                Seconds = step.Seconds,
            });
        }
        return history;
    }

    /// <summary>The adaptation to a support set that matches this stage's inner loop (same loss, steps, step size and learned rates).</summary>
    public Adaptation MatchingAdaptation(FunctionalForward forward, int? steps = null) =>
        new(forward, InnerLoss, steps ?? Options.InnerSteps, Options.InnerLr, InnerRates?.Rates);

    /// <summary>
    /// The outer loss of one episode with its graph (adapt on support for n steps, metric loss on query with
    /// the adapted weights), plus the support loss before the first and after the last inner step.
    /// In same-classes episodes the query loss is taken over support and query together, so it measures
    /// how the adapted embedding places queries relative to the support images.
    /// </summary>
    /// <param name="episode">The episode.</param>
    /// <param name="innerGuard">Checks every inner (support) loss before its step (<see cref="Training.LossGuard"/>), naming <paramref name="iteration"/>.</param>
    /// <param name="iteration">The meta-iteration (from 1) the guard names.</param>
    public (Tensor QueryLoss, double SupportLossBefore, double SupportLossAfter) EpisodeLoss(Episode episode, Training.LossGuard? innerGuard = null, int iteration = 1)
    {
        var learner = Maml.Clone();
        Func<Tensor, Tensor> forward = learner.Forward;
        double before = double.NaN;
        for (var s = 0; s < Options.InnerSteps; s++)
        {
            // The step's embeddings and loss die with the step (as Python's rebinding frees them). Measured, it makes no
            // difference worth the name: one meta-iteration of `benchmark maml --workload embedding` adds 67.8 / 15.7 MiB
            // (second / first order) with it and 67.9 / 15.9 MiB holding them to the episode's end.
            Tensor supportLoss;
            using (torch.NewDisposeScope())
                supportLoss = InnerLoss.Compute(forward, episode.SupportImages, episode.SupportLabels).MoveToOuterDisposeScope();
            using (supportLoss)
            {
                var value = supportLoss.item<float>();
                innerGuard?.Check(value, iteration);
                if (s == 0) before = value;
                learner.Adapt(supportLoss, rates: InnerRates?.Rates);
            }
        }
        double afterLoss;
        using (torch.no_grad())
        using (var l = InnerLoss.Compute(forward, episode.SupportImages, episode.SupportLabels))
            afterLoss = l.item<float>();
        Tensor queryLoss;
        if (episode.Mode == EpisodeMode.SameClasses)
        {
            var all = forward(torch.cat([episode.SupportImages, episode.QueryImages], 0));
            queryLoss = OuterLoss.Compute(all, torch.cat([episode.SupportLabels, episode.QueryLabels], 0));
        }
        else
        {
            queryLoss = OuterLoss.Compute(forward(episode.QueryImages), episode.QueryLabels);
        }
        return (queryLoss, before, afterLoss);
    }
}
