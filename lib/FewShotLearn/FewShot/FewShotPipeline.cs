using System.Diagnostics;
using FewShotLearn.Data;
using FewShotLearn.Sampling;
using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.Meta;

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
        IMetricLoss? innerLoss = null, IMetricLoss? outerLoss = null)
    {
        Net = net;
        Pretraining = pretraining;
        MetaTraining = new MetaTraining(net, net.ForwardWith, metaTraining, innerLoss, outerLoss);
        Options = options ?? new PipelineOptions();
        Options.Validate();
    }

    /// <summary>The network: after <see cref="Run"/> it holds the meta-learned initialisation.</summary>
    public EmbeddingNet Net { get; }

    /// <summary>Pretraining (stage 1, step 210).</summary>
    public Pretraining Pretraining { get; }

    /// <summary>Meta-training (stage 2, step 220).</summary>
    public MetaTraining MetaTraining { get; }

    /// <summary>Repetition settings.</summary>
    public PipelineOptions Options { get; }

    /// <summary>Gets every stage-1 step and meta-iteration (phase "round R stage 1" / "round R meta-training").</summary>
    public IProgress<Training.TrainingProgress>? Progress { get; set; }

    /// <summary>Called after each round.</summary>
    public Action<RoundRecord>? OnRound { get; set; }

    /// <summary>The rounds run so far.</summary>
    public List<RoundRecord> Rounds { get; } = [];

    /// <summary>Every meta-iteration of every round, in order.</summary>
    public List<MetaStep> MetaSteps { get; } = [];

    /// <summary>Every pretraining loss of every round, in order.</summary>
    public List<double> PretrainingLosses { get; } = [];

    /// <summary>Runs the rounds on <paramref name="split"/> (source for pretraining, meta-train for meta-training, meta-validation for agreement).</summary>
    public IReadOnlyList<RoundRecord> Run(CrossDomainSplit split, CancellationToken cancel = default)
    {
        var device = Net.Device;
        var validationSampler = new EpisodeSampler(split.MetaValidation, seed: Options.Seed + 1, device: device);
        var validationWays = CrossDomainSplit.EpisodeWays(split.MetaValidation, EpisodeMode.SameClasses, Options.ValidationWays);
        var validation = validationSampler.SampleMany(Options.ValidationEpisodes, validationWays, Options.ValidationShots, Options.ValidationQueries, EpisodeMode.SameClasses).ToList();
        var episodes = new EpisodeSampler(split.MetaTrain, seed: Options.Seed, device: device);
        try
        {
            for (var round = 1; round <= Options.MaxRounds; round++)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                var r = round;
                if (round > 1 || !Options.AlreadyPretrained)
                    PretrainingLosses.AddRange(Pretraining.Train(Net, split.Source, round - 1, InRound(r, "pretraining")));
                var t1 = clock.Elapsed.TotalSeconds;
                var score1 = Score(validation);
                clock.Restart();
                MetaSteps.AddRange(MetaTraining.Train(episodes, InRound(r, "meta-training"), cancel));
                var t2 = clock.Elapsed.TotalSeconds;
                var score2 = Score(validation);
                var record = new RoundRecord(round, score1, score2, Options.Tolerance, t1, t2);
                Rounds.Add(record);
                OnRound?.Invoke(record);
                if (record.Agreed) break;
            }
        }
        finally
        {
            foreach (var e in validation) e.Dispose();
        }
        Net.eval();
        return Rounds;
    }

    IProgress<Training.TrainingProgress>? InRound(int round, string phase) => Progress is { } p
        ? Training.TrainingProgress.Handler(s => p.Report(s with { Phase = $"round {round} {phase}" }))
        : null;

    /// <summary>
    /// Meta-validation prototype accuracy of the network as it is now, each episode scored after the same n-step adaptation
    /// on its support set that the MAML inner loop uses (so both stages are judged as initialisations for adaptation).
    /// </summary>
    private double Score(IReadOnlyList<Episode> validation)
    {
        var adaptation = new Adaptation(Net.ForwardWith, SupportLosses.For(Options.ValidationShots), MetaTraining.Options.InnerSteps, MetaTraining.Options.InnerLr);
        return EpisodeScore.AdaptedPrototypeAccuracy(Net, adaptation, validation);
    }
}
