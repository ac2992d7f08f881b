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
/// The patented method end to end (figure 2): stage 1 metric learning on D1 (210), stage 2 MAML on D2 episodes (220),
/// repeated until both agree on held-out episodes (230); then few-step adaptation to a target support set (step 4).
/// Progress is reported through the callbacks (for live charts and CLI progress bars).
/// </summary>
public sealed class FewShotPipeline
{
    /// <summary>Composes the stages around <paramref name="net"/> (trained in place).</summary>
    public FewShotPipeline(EmbeddingNet net, MetricStage stage1, MamlOptions stage2, PipelineOptions? options = null,
        ISupportLoss? innerLoss = null, IMetricLoss? outerLoss = null)
    {
        Net = net;
        Stage1 = stage1;
        Options = options ?? new PipelineOptions();
        Stage2 = new MamlStage(net, net.ForwardWith, stage2, innerLoss, outerLoss, Options.Seed);
        Options.Validate();
    }

    /// <summary>The network: after <see cref="Run"/> it holds the meta-learned initialisation.</summary>
    public EmbeddingNet Net { get; }

    /// <summary>Stage 1.</summary>
    public MetricStage Stage1 { get; }

    /// <summary>Stage 2.</summary>
    public MamlStage Stage2 { get; }

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

    /// <summary>Every stage-1 loss of every round, in order.</summary>
    public List<double> Stage1Losses { get; } = [];

    /// <summary>
    /// A copy of the network right after the first stage 1, before any MAML: the "stage 1 only" model of the evaluation.
    /// It is then trained further with stage 1 alone for as many steps as later rounds add, so both get the same stage-1 budget.
    /// </summary>
    public EmbeddingNet? Stage1Only { get; private set; }

    /// <summary>
    /// The ablation model of method (e): a copy of the stage-1 network trained each round with stage 1's loss and optimiser
    /// on D2 (no MAML) for <see cref="DomainSteps"/> steps, then (later rounds) the same stage-1 steps on D1 as the others.
    /// Null when <see cref="PipelineOptions.TrainDomainBaseline"/> is false or before <see cref="Run"/>.
    /// </summary>
    public EmbeddingNet? DomainTrained { get; private set; }

    /// <summary>
    /// Plain D2 steps per round for (e), matched to stage 2 by images seen: meta-iterations x meta-batch x ways x
    /// (shots + queries) episode images, divided by the P x K images of a stage-1 batch (rounded up).
    /// </summary>
    public int DomainSteps => (int)Math.Ceiling((double)Stage2.Options.MetaIterations * Stage2.Options.MetaBatch
        * Stage2.Options.Ways * (Stage2.Options.Shots + Stage2.Options.Queries) / (Stage1.Options.ClassesPerBatch * Stage1.Options.SamplesPerClass));

    /// <summary>Losses of every plain D2 step of (e), in order.</summary>
    public List<double> DomainLosses { get; } = [];

    /// <summary>Whether and after how many rounds the two stages agreed (step 230); null before <see cref="Run"/>.</summary>
    public AgreementSummary? Agreement => Rounds.Count == 0 ? null : FewShot.Agreement.Summarize(Rounds, Options.MaxRounds);

    /// <summary>Runs the rounds on <paramref name="split"/> (D1 for stage 1, D2 for stage 2, D2 held-out for agreement).</summary>
    public IReadOnlyList<RoundRecord> Run(CrossDomainSplit split, CancellationToken cancel = default)
    {
        using var agreement = new Agreement(split.D2HeldOut, Options, Net.Device);
        var episodes = new EpisodeSampler(split.D2, seed: Options.Seed, device: Net.Device);
        Rounds.AddRange(FewShot.Agreement.Repeat(Options.MaxRounds, round =>
        {
            var clock = Stopwatch.StartNew();
            var stage1 = round == 1 ? Stage1 : Stage1.Decayed(Options.Stage1LearningRateDecay, round - 1);
            if (round > 1 || !Options.Stage1AlreadyDone)
                Stage1Losses.AddRange(stage1.Train(Net, split.D1, round - 1, InRound(round, "stage 1")));
            var t1 = clock.Elapsed.TotalSeconds;
            if (round == 1) Stage1Only = Copy(Net);
            else stage1.Train(Stage1Only!, split.D1, round - 1);
            if (Options.TrainDomainBaseline)
            {
                if (round == 1) DomainTrained = Copy(Stage1Only!);
                else stage1.Train(DomainTrained!, split.D1, round - 1);
                DomainLosses.AddRange(TrainOnD2(DomainTrained!, split.D2, round));
            }
            // Both stages are scored by one procedure (the inner loop's adaptation, then prototype accuracy) on the same episodes.
            var score1 = agreement.Score(Net, Stage2.MatchingAdaptation(Net.ForwardWith));
            clock.Restart();
            MetaSteps.AddRange(Stage2.Train(episodes, InRound(round, "meta-training"), cancel));
            var t2 = clock.Elapsed.TotalSeconds;
            var score2 = agreement.Score(Net, Stage2.MatchingAdaptation(Net.ForwardWith));
            return new RoundRecord(round, score1, score2, Options.Tolerance, t1, t2);
        }, OnRound, cancel));
        Net.eval();
        Stage1Only?.eval();
        DomainTrained?.eval();
        return Rounds;
    }

    IProgress<Training.TrainingProgress>? InRound(int round, string phase) => Progress is { } p
        ? Training.TrainingProgress.Handler(s => p.Report(s with { Phase = $"round {round} {phase}" }))
        : null;

    /// <summary>Method (e)'s D2 training: stage 1's loss and settings on D2, <see cref="DomainSteps"/> steps, P clamped to D2's classes.</summary>
    private IReadOnlyList<double> TrainOnD2(EmbeddingNet net, LabeledImages d2, int round)
    {
        var options = Stage1.Options with
        {
            Steps = DomainSteps,
            ClassesPerBatch = Math.Min(Stage1.Options.ClassesPerBatch, d2.ClassCount),
            Seed = Stage1.Options.Seed + 104729 * round,
        };
        return MetricTrainer.Train(net, d2, Stage1.Loss, options);
    }

    /// <summary>A deep copy of a network (same architecture, weights and running statistics, same device).</summary>
    public static EmbeddingNet Copy(EmbeddingNet net)
    {
        var copy = new EmbeddingNet(net.Config, net.Device);
        using (torch.no_grad())
        {
            var source = net.state_dict();
            foreach (var (name, t) in copy.state_dict()) t.copy_(source[name]);
        }
        if (net.training) copy.train(); else copy.eval();
        return copy;
    }
}
