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

    /// <summary>Called after each stage-1 step with (round, step, loss).</summary>
    public Action<int, int, double>? OnPretrainingStep { get; set; }

    /// <summary>Called after each meta-iteration with (round, step).</summary>
    public Action<int, MetaStep>? OnMetaStep { get; set; }

    /// <summary>Called after each round.</summary>
    public Action<RoundRecord>? OnRound { get; set; }

    /// <summary>The rounds run so far.</summary>
    public List<RoundRecord> Rounds { get; } = [];

    /// <summary>Every meta-iteration of every round, in order.</summary>
    public List<MetaStep> MetaSteps { get; } = [];

    /// <summary>Every stage-1 loss of every round, in order.</summary>
    public List<double> PretrainingLosses { get; } = [];

    /// <summary>
    /// A copy of the network right after the first stage 1, before any MAML: the "stage 1 only" model of the evaluation.
    /// It is then trained further with stage 1 alone for as many steps as later rounds add, so both get the same stage-1 budget.
    /// </summary>
    public EmbeddingNet? PretrainedOnly { get; private set; }

    /// <summary>
    /// The ablation model of method (e): a copy of the stage-1 network trained each round with stage 1's loss and optimiser
    /// on D2 (no MAML) for <see cref="MetaTrainSteps"/> steps, then (later rounds) the same stage-1 steps on D1 as the others.
    /// Null when <see cref="PipelineOptions.TrainMetaTrainBaseline"/> is false or before <see cref="Run"/>.
    /// </summary>
    public EmbeddingNet? MetaTrainTrained { get; private set; }

    /// <summary>
    /// Plain D2 steps per round for (e), matched to stage 2 by images seen: meta-iterations x meta-batch x ways x
    /// (shots + queries) episode images, divided by the P x K images of a stage-1 batch (rounded up).
    /// </summary>
    public int MetaTrainSteps => (int)Math.Ceiling((double)MetaTraining.Options.MetaIterations * MetaTraining.Options.MetaBatch
        * MetaTraining.Options.Ways * (MetaTraining.Options.Shots + MetaTraining.Options.Queries) / (Pretraining.Options.ClassesPerBatch * Pretraining.Options.SamplesPerClass));

    /// <summary>Losses of every plain D2 step of (e), in order.</summary>
    public List<double> MetaTrainLosses { get; } = [];

    /// <summary>Runs the rounds on <paramref name="split"/> (D1 for stage 1, D2 for stage 2, D2 held-out for agreement).</summary>
    public IReadOnlyList<RoundRecord> Run(CrossDomainSplit split, CancellationToken cancel = default)
    {
        var device = Net.Device;
        var heldOutSampler = new EpisodeSampler(split.MetaValidation, seed: Options.Seed + 1, device: device);
        var heldOut = heldOutSampler.SampleMany(Options.ValidationEpisodes, Options.ValidationWays, Options.ValidationShots, Options.ValidationQueries, EpisodeMode.SameClasses).ToList();
        var episodes = new EpisodeSampler(split.MetaTrain, seed: Options.Seed, device: device);
        try
        {
            for (var round = 1; round <= Options.MaxRounds; round++)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                var r = round;
                if (round > 1 || !Options.AlreadyPretrained)
                    PretrainingLosses.AddRange(Pretraining.Train(Net, split.Source, round - 1, (s, l) => OnPretrainingStep?.Invoke(r, s, l)));
                var t1 = clock.Elapsed.TotalSeconds;
                if (round == 1) PretrainedOnly = ModelCopy.Copy(Net);
                else Pretraining.Train(PretrainedOnly!, split.Source, round - 1);
                if (Options.TrainMetaTrainBaseline)
                {
                    if (round == 1) MetaTrainTrained = ModelCopy.Copy(PretrainedOnly!);
                    else Pretraining.Train(MetaTrainTrained!, split.Source, round - 1);
                    MetaTrainLosses.AddRange(TrainOnMetaTrain(MetaTrainTrained!, split.MetaTrain, round));
                }
                var score1 = Score(heldOut);
                clock.Restart();
                MetaSteps.AddRange(MetaTraining.Train(episodes, s => OnMetaStep?.Invoke(r, s), cancel));
                var t2 = clock.Elapsed.TotalSeconds;
                var score2 = Score(heldOut);
                var record = new RoundRecord(round, score1, score2, Options.Tolerance, t1, t2);
                Rounds.Add(record);
                OnRound?.Invoke(record);
                if (record.Agreed) break;
            }
        }
        finally
        {
            foreach (var e in heldOut) e.Dispose();
        }
        Net.eval();
        PretrainedOnly?.eval();
        MetaTrainTrained?.eval();
        return Rounds;
    }

    /// <summary>Method (e)'s D2 training: stage 1's loss and settings on D2, <see cref="MetaTrainSteps"/> steps, P clamped to D2's classes.</summary>
    private IReadOnlyList<double> TrainOnMetaTrain(EmbeddingNet net, LabeledImages metaTrain, int round)
    {
        var options = Pretraining.Options with
        {
            Steps = MetaTrainSteps,
            ClassesPerBatch = Math.Min(Pretraining.Options.ClassesPerBatch, metaTrain.ClassCount),
            Seed = Pretraining.Options.Seed + 104729 * round,
        };
        return MetricTrainer.Train(net, metaTrain, Pretraining.Loss, options);
    }

    /// <summary>
    /// Held-out prototype accuracy of the network as it is now, each episode scored after the same n-step adaptation
    /// on its support set that the MAML inner loop uses (so both stages are judged as initialisations for adaptation).
    /// </summary>
    private double Score(IReadOnlyList<Episode> heldOut)
    {
        var adaptation = new Adaptation(Net.ForwardWith, SupportLosses.For(Options.ValidationShots), MetaTraining.Options.InnerSteps, MetaTraining.Options.InnerLr);
        return EpisodeScore.AdaptedPrototypeAccuracy(Net, adaptation, heldOut);
    }
}
