using FewShotLearn.Tests.Meta;

namespace FewShotLearn.Tests.FewShot;

[Collection(MetaTorchCollection.Name)]
public class PipelineTests
{
    internal static CrossDomainSplit TinySplit() =>
        CrossDomainSplit.Glyphs(baseClasses: 12, metaClasses: 10, heldOutClasses: 5, targetClasses: 6, perClass: 8, size: 16, seed: 3, device: CPU);

    internal static FewShotExperiment TinyExperiment(CrossDomainSplit split, int shots = 2, int rounds = 1, double tolerance = 1.0) =>
        new(split, new EmbeddingNetConfig(1, [8, 8]),
            new Pretraining(new MetricTrainingOptions { Steps = 60, ClassesPerBatch = 6, SamplesPerClass = 4, LearningRate = 3e-3, Seed = 11, Device = CPU }),
            new MamlOptions { Ways = 3, Shots = shots, Queries = 3, InnerSteps = 1, InnerLr = 0.1, MetaBatch = 2, MetaIterations = 5, OuterLr = 1e-3 },
            new PipelineOptions { MaxRounds = rounds, Tolerance = tolerance, ValidationEpisodes = 3, ValidationWays = 3, ValidationQueries = 3 }, seed: 11);

    [Fact]
    public void EveryDefaultMethodBeatsChanceRetrievalOnGlyphs()
    {
        using var split = TinySplit();
        using var experiment = TinyExperiment(split);
        var methods = FewShotExperiment.DefaultMethods();
        var result = FewShotEvaluation.TrainAndRun(experiment, methods,
            new EvaluationOptions { Ways = 3, Shots = 2, DatabasePerClass = 5, Tasks = 20, K = 3, AdaptSteps = 1, AdaptLr = 0.1, Seed = 5 });

        Assert.Single(experiment.Pipeline.Rounds);          // tolerance 1.0: pretraining and meta-training always agree after round 1
        Assert.Equal(5, experiment.Pipeline.MetaSteps.Count);
        Assert.Equal(10, experiment.MetaTrainEpisodes);      // 5 meta-iterations x 2 episodes
        Assert.Equal(10L * 3 * (2 + 3), experiment.MetaTrainImages);
        Assert.Equal(1, experiment.Pipeline.Agreement!.AgreedAtRound);   // step 230 stopped early: round 1 of the limit
        // Chance precision@1 for 3 classes x 5 database images (query left out) is 4/14 = 0.29.
        const double chance = 4.0 / 14;
        Assert.Equal(methods.Select(m => m.Name), result.Methods);
        foreach (var m in result.Methods)
        {
            var p1 = result.Summary(m, "P@1").Mean;
            Assert.True(p1 > chance + 0.15, $"{m}: precision@1 {p1:F3} should beat chance {chance:F3} by 0.15");
            Assert.Equal(20, result.PerTask[m].Count);
        }
        Assert.Contains(FullMethod.DisplayName, result.ToMarkdown());
        Assert.Contains("paired difference", result.ToMarkdown());
        foreach (var m in methods) m.Dispose();
    }

    [Fact]
    public void BaselinesTrainedOnMetaTrainChangeTheWeightsAndFitMetaTrainEpisodes()
    {
        using var split = TinySplit();
        using var experiment = TinyExperiment(split);
        var pretrained = experiment.Pretrained.Fingerprint();
        using var owned = new Disposer();
        var episodes = new EpisodeSampler(split.MetaTrain, seed: 99, device: CPU).SampleMany(12, 3, 2, 3, EpisodeMode.SameClasses).ToList();
        owned.Add(episodes);
        var before = EpisodeScore.PrototypeAccuracy(AdaptedModel.Of(experiment.Pretrained, experiment.Pretrained.ForwardWith), episodes);
        foreach (var method in new FewShotMethod[] { new PrototypicalNetwork(), new MetricMetaTraining(), new JointTraining() })
        {
            using (method)
            {
                method.Train(experiment);
                var net = method.Network!;
                Assert.NotEqual(pretrained, net.Fingerprint());
                Assert.NotEmpty(method.TrainingLosses);
                Assert.All(method.TrainingLosses, l => Assert.True(double.IsFinite(l)));
                if (method is JointTraining) continue;    // starts from scratch: not compared with the pretrained network
                var after = EpisodeScore.PrototypeAccuracy(AdaptedModel.Of(net, net.ForwardWith), episodes);
                Assert.True(after > before, $"{method.Name}: meta-train prototype accuracy {before:F3} -> {after:F3} should rise");
            }
        }
        Assert.Equal(pretrained, experiment.Pretrained.Fingerprint());   // the shared pretrained network is never changed
    }

    [Fact]
    public void AddingAMethodIsOneSubclassAndTheEvaluationScoresItOnTheSameTasks()
    {
        using var split = TinySplit();
        using var experiment = TinyExperiment(split);
        var methods = new FewShotMethod[] { new PretrainingOnly(), new RandomNetwork() };
        var options = new EvaluationOptions { Ways = 3, Shots = 2, DatabasePerClass = 5, Tasks = 12, K = 3, AdaptSteps = 1, Seed = 5 };
        var result = FewShotEvaluation.TrainAndRun(experiment, methods, options);
        Assert.Equal(["pretraining only", "random network"], result.Methods);
        var d = result.Difference("pretraining only", "random network", "mAP@R");
        Assert.Equal(12, d.Count);
        Assert.NotEqual(0.0, d.Mean);
        // The tasks depend on the seed only: the random network alone is scored on exactly the same tasks.
        var alone = new FewShotEvaluation([methods[1]], options).Run(split.Target);
        Assert.Equal(result.PerTask["random network"], alone.PerTask["random network"]);
        foreach (var m in methods) m.Dispose();
        Assert.Throws<ArgumentException>(() => new FewShotEvaluation([new PretrainingOnly(), new PretrainingOnly()], new EvaluationOptions()));
    }

    /// <summary>A method in a few lines: an untrained network of the same architecture, searched without adaptation.</summary>
    private sealed class RandomNetwork : FewShotMethod
    {
        public override string Name => "random network";
        public override string Description => "untrained";
        public override void Train(FewShotExperiment experiment) { Seeding.Seed(1); Network = new EmbeddingNet(experiment.Config, CPU); Network.eval(); }
        public override AdaptedModel ProcessSupportSet(Tensor supportImages, Tensor supportLabels, TargetAdaptation adaptation) => AdaptedModel.Of(Trained, Trained.ForwardWith);
    }

    private sealed class Disposer : IDisposable
    {
        private readonly List<IDisposable> items = [];
        public void Add(IEnumerable<IDisposable> xs) => items.AddRange(xs);
        public void Dispose() { foreach (var x in items) x.Dispose(); }
    }

    [Fact]
    public void AdaptationLowersSupportLossAndLeavesTheNetworkUnchanged()
    {
        Seeding.Seed(3);
        using var data = FewShotLearn.Data.GlyphDataset.Generate(4, 3, 16, seed: 1, device: CPU);
        var net = new EmbeddingNet(1, [8, 8], CPU);
        var before = net.Fingerprint();
        var adaptation = new Adaptation(net.ForwardWith, new PrototypeLoss(), steps: 5, lr: 0.2);
        using var labels = data.LabelTensor();
        using var adapted = adaptation.Adapt(net, data.Images, labels);
        Assert.Equal(6, adapted.SupportLosses.Count);
        Assert.True(adapted.SupportLosses[^1] < adapted.SupportLosses[0] - 1e-3, string.Join(", ", adapted.SupportLosses));
        Assert.Equal(before, net.Fingerprint());    // weights and batch-norm running statistics untouched
        using var e = adapted.Embed(data.Images);
        Assert.Equal(new long[] { 12, 8 }, e.shape);
    }
}
