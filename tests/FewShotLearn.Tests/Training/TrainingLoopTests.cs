namespace FewShotLearn.Tests.Training;

/// <summary>The conventions every training loop shares: one progress record, one non-finite-loss rule, one learning-rate rule.</summary>
public class TrainingLoopTests
{
    public static TheoryData<string> Loops => new() { "Trainer", "FineTuner", "MetricTrainer", "MetaTraining", "GcnNodes", "GcnGraphs" };

    /// <summary>Runs one loop briefly on CPU; returns the steps it plans. <paramref name="poison"/> sets every weight to NaN first.</summary>
    static int Run(string loop, double lr, bool poison, IProgress<TrainingProgress>? progress)
    {
        Seeding.Seed(1);
        void Poison(nn.Module m)
        {
            if (!poison) return;
            using var _ = no_grad();
            foreach (var p in m.parameters()) p.fill_(double.NaN);
        }
        switch (loop)
        {
            case "Trainer":
            {
                using var data = TrainerTests.Separable(32, 1);
                using var model = new SmallCnn(2, 1, 16, [4]);
                Poison(model);
                new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 16, LearningRate = lr, Device = CPU }).With(progress ?? TrainingProgress.Handler(_ => { })).Fit(model, data);
                return 4;
            }
            case "FineTuner":
            {
                using var data = Transfer.TransferTestData.Squares(3, 4, seed: 1);
                using var model = TransferCnn.Create(1, 3, widths: [4, 8], device: CPU);
                Poison(model);
                FineTuner.Train(model, FreezeStrategy.Everything, data, data, new FineTuneOptions { Epochs = 2, BatchSize = 6, LearningRate = lr, Device = CPU }, progress);
                return 4;
            }
            case "MetricTrainer":
            {
                using var data = Transfer.TransferTestData.Squares(4, 4, seed: 1);
                using var net = new EmbeddingNet(1, [4], CPU);
                Poison(net);
                MetricTrainer.Train(net, data, new PrototypeLoss(), new MetricTrainingOptions { Steps = 3, ClassesPerBatch = 2, SamplesPerClass = 2, LearningRate = lr, Device = CPU }, progress);
                return 3;
            }
            case "MetaTraining":
            {
                using var data = Transfer.TransferTestData.Squares(6, 6, seed: 1);
                using var net = new EmbeddingNet(1, [4, 4], CPU);
                Poison(net);
                var stage = new MetaTraining(net, net.ForwardWith, new MamlOptions { Ways = 3, Shots = 2, Queries = 2, InnerSteps = 1, InnerLr = 0.1, OuterLr = lr, MetaBatch = 1, MetaIterations = 2 });
                stage.Train(new EpisodeSampler(data, seed: 1, device: CPU), progress);
                return 2;
            }
            case "GcnNodes":
            {
                var club = KarateClub.Graph();
                using var model = new GcnNodeClassifier(34, 2);
                Poison(model);
                GcnTraining.TrainNodes(model, GcnPropagation.Dense(club, CPU), club.FeatureMatrix(CPU), KarateClub.Factions, [0, 33], epochs: 3, learningRate: lr, progress: progress);
                return 3;
            }
            case "GcnGraphs":
            {
                var graphs = GraphFamilies.Generate(4, seed: 1);
                using var model = new GcnGraphClassifier(9, GraphFamilies.Names.Count);
                Poison(model);
                GcnTraining.TrainGraphs(model, graphs, graphs, epochs: 2, batchSize: graphs.Count, learningRate: lr, device: CPU, progress: progress);
                return 2;
            }
            default: throw new ArgumentException(loop);
        }
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public void EveryLoopReportsEachStepAsOneTrainingProgress(string loop)
    {
        var reports = new List<TrainingProgress>();
        var total = Run(loop, 1e-3, poison: false, TrainingProgress.Handler(reports.Add));
        Assert.Equal(Enumerable.Range(1, total), reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(total, r.TotalSteps));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss)));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public void EveryLoopStopsAtTheFirstNonFiniteLossNamingTheStepAndTheRate(string loop)
    {
        var reports = new List<TrainingProgress>();
        var e = Assert.Throws<NonFiniteLossException>(() => Run(loop, 2e-3, poison: true, TrainingProgress.Handler(reports.Add)));
        Assert.Equal(1, e.Step);
        Assert.Contains("at step 1", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.Empty(reports);   // nothing reported, nothing stepped after the bad loss
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public void EveryLoopRefusesANonFiniteLearningRate(string loop)
    {
        foreach (var lr in new[] { double.NaN, double.PositiveInfinity, 0, -1e-3 })
            Assert.ThrowsAny<ArgumentException>(() => Run(loop, lr, poison: false, null));
    }

    [Fact]
    public void AnExplodingLossWarnsOnceNamingTheRate()
    {
        var warnings = new List<string>();
        var previous = Warnings.Handler;
        Warnings.Handler = warnings.Add;
        try
        {
            var guard = new LossGuard("training", 1e6);
            guard.Check(2.3, 1);
            guard.Check(50, 2);          // worse, but not an explosion
            Assert.Empty(warnings);
            guard.Check(3.9e26, 3);
            guard.Check(4e26, 4);
            var warning = Assert.Single(warnings);
            Assert.Contains("step 3", warning);
            Assert.Contains("1E+06", warning);
        }
        finally { Warnings.Handler = previous; }
    }
}
