using System.Diagnostics;

namespace FewShotLearn.FewShot;

/// <summary>
/// The patented method's training end to end (figure 2): pretraining, metric learning on the source set (210), then
/// meta-training, MAML on meta-train episodes (220), repeated until both agree on meta-validation episodes (230).
/// Adaptation to a target support set (step 4) follows (<see cref="FullMethod"/>). The baselines are trained by their own
/// <see cref="FewShotMethod"/> classes, not here. Progress is reported through the callbacks (live charts, CLI progress bars).
/// </summary>
public sealed class FewShotPipeline
{
    /// <summary>Composes the stages around <paramref name="net"/> (trained in place).</summary>
    public FewShotPipeline(EmbeddingNet net, Pretraining pretraining, MamlOptions metaTraining, PipelineOptions? options = null,
        ISupportLoss? innerLoss = null, IMetricLoss? outerLoss = null)
    {
        Net = net;
        Pretraining = pretraining;
        Options = options ?? new PipelineOptions();
        Options.Validate();
        MetaTraining = new MetaTraining(net, net.ForwardWith, metaTraining, innerLoss, outerLoss, Options.Seed);
    }

    /// <summary>The network: after <see cref="Run"/> it holds the meta-learned initialisation.</summary>
    public EmbeddingNet Net { get; }

    /// <summary>Pretraining (stage 1, step 210).</summary>
    public Pretraining Pretraining { get; }

    /// <summary>Meta-training (stage 2, step 220).</summary>
    public MetaTraining MetaTraining { get; }

    /// <summary>Repetition settings.</summary>
    public PipelineOptions Options { get; }

    /// <summary>Gets every pretraining step and meta-iteration (phase "round R pretraining" / "round R meta-training").</summary>
    public IProgress<Training.TrainingProgress>? Progress { get; set; }

    /// <summary>Called after each round.</summary>
    public Action<RoundRecord>? OnRound { get; set; }

    /// <summary>The rounds run so far.</summary>
    public List<RoundRecord> Rounds { get; } = [];

    /// <summary>Every meta-iteration of every round, in order.</summary>
    public List<MetaStep> MetaSteps { get; } = [];

    /// <summary>Every pretraining loss of every round, in order.</summary>
    public List<double> PretrainingLosses { get; } = [];

    /// <summary>Whether and after how many rounds the two stages agreed (step 230); null before <see cref="Run"/>.</summary>
    public AgreementSummary? Agreement => Rounds.Count == 0 ? null : FewShot.Agreement.Summarize(Rounds, Options.MaxRounds);

    /// <summary>
    /// The pretraining of round <paramref name="round"/> (from 1): <see cref="Pretraining"/> with its learning rate decayed by
    /// <see cref="PipelineOptions.PretrainingLearningRateDecay"/> once per earlier round (what the baselines' extra rounds use too).
    /// </summary>
    public Pretraining PretrainingOfRound(int round) => Pretraining.Decayed(Options.PretrainingLearningRateDecay, round - 1);

    /// <summary>Runs the rounds on <paramref name="split"/> (source for pretraining, meta-train for meta-training, meta-validation for agreement).</summary>
    public IReadOnlyList<RoundRecord> Run(CrossDomainSplit split, CancellationToken cancel = default)
    {
        using var agreement = new Agreement(split.MetaValidation, Options, Net.Device);
        var episodes = new EpisodeSampler(split.MetaTrain, seed: Options.Seed, device: Net.Device);
        Rounds.AddRange(FewShot.Agreement.Repeat(Options.MaxRounds, round =>
        {
            var clock = Stopwatch.StartNew();
            if (round > 1 || !Options.AlreadyPretrained)
                PretrainingLosses.AddRange(PretrainingOfRound(round).Train(Net, split.Source, round - 1, InRound(round, "pretraining")));
            var t1 = clock.Elapsed.TotalSeconds;
            // Both stages are scored by one procedure (the inner loop's adaptation, then prototype accuracy) on the same episodes.
            var score1 = agreement.Score(Net, MetaTraining.MatchingAdaptation(Net.ForwardWith));
            clock.Restart();
            MetaSteps.AddRange(MetaTraining.Train(episodes, InRound(round, "meta-training"), cancel));
            var t2 = clock.Elapsed.TotalSeconds;
            var score2 = agreement.Score(Net, MetaTraining.MatchingAdaptation(Net.ForwardWith));
            return new RoundRecord(round, score1, score2, Options.Tolerance, t1, t2);
        }, OnRound, cancel));
        Net.eval();
        return Rounds;
    }

    IProgress<Training.TrainingProgress>? InRound(int round, string phase) => Progress is { } p
        ? Training.TrainingProgress.Handler(s => p.Report(s with { Phase = $"round {round} {phase}" }))
        : null;
}
