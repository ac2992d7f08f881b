using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.Tests.Meta;
using FewShotLearn.Tests.Sampling;

namespace FewShotLearn.Tests.FewShot;

[Collection(MetaTorchCollection.Name)]
public class PipelineTests
{
    [Fact]
    public void EndToEndOnGlyphsBeatsChanceRetrieval()
    {
        Seeding.Seed(11);
        using var split = CrossDomainSplit.Glyphs(baseClasses: 12, metaClasses: 10, heldOutClasses: 5, targetClasses: 6, perClass: 8, size: 16, seed: 3, device: CPU);
        var net = new EmbeddingNet(1, [8, 8], CPU);
        var stage1 = new MetricStage(new MetricTrainingOptions { Steps = 80, ClassesPerBatch = 6, SamplesPerClass = 4, LearningRate = 3e-3, Seed = 11, Device = CPU });
        var maml = new MamlOptions { Ways = 3, Shots = 2, Queries = 3, InnerSteps = 1, InnerLr = 0.1, MetaBatch = 2, MetaIterations = 5, OuterLr = 1e-3 };
        var pipeline = new FewShotPipeline(net, stage1, maml, new PipelineOptions { MaxRounds = 2, Tolerance = 1.0, HeldOutEpisodes = 3, HeldOutWays = 3, HeldOutShots = 2, HeldOutQueries = 3, Seed = 11, TrainDomainBaseline = true });
        var reports = new List<FewShotLearn.Training.TrainingProgress>();
        pipeline.Progress = FewShotLearn.Training.TrainingProgress.Handler(reports.Add);
        var rounds = pipeline.Run(split);

        Assert.Single(rounds);                       // tolerance 1.0: the two stages always agree after round 1
        Assert.True(rounds[0].Agreed);
        Assert.Equal(1, pipeline.Agreement!.AgreedAtRound);       // step 230 stopped early: round 1 of at most 2
        Assert.Equal(5, reports.Count(p => p.Phase == "round 1 meta-training"));
        Assert.Equal(80, reports.Count(p => p.Phase == "round 1 stage 1"));
        Assert.Equal(80, pipeline.Stage1Losses.Count);
        Assert.NotNull(pipeline.Stage1Only);
        Assert.NotNull(pipeline.DomainTrained);
        // (e)'s D2 budget matches stage 2's images: 5 iterations x 2 tasks x 3 ways x (2 + 3) images / (6 x 4) per batch = 6.25 -> 7 steps.
        Assert.Equal(7, pipeline.DomainSteps);
        Assert.Equal(7, pipeline.DomainLosses.Count);

        var evaluation = new CrossDomainEvaluation(pipeline.Stage1Only!, net,
            new EvaluationOptions { Ways = 3, Shots = 2, DatabasePerClass = 5, Tasks = 20, K = 3, AdaptSteps = 1, AdaptLr = 0.1, Seed = 5 },
            domainTrained: pipeline.DomainTrained);
        var result = evaluation.Run(split.Target);
        // Chance precision@1 for 3 classes x 5 database images (query left out) is 4/14 = 0.29.
        const double chance = 4.0 / 14;
        foreach (var method in Enum.GetValues<FewShotMethod>())
        {
            // The embedding-search methods must clearly beat chance; the prototype baseline (one ranking per predicted class) by less.
            var margin = method == FewShotMethod.PrototypeBaseline ? 0.1 : 0.15;
            var p1 = result.Summary(method, "P@1").Mean;
            Assert.True(p1 > chance + margin, $"{EvaluationResult.Label(method)}: precision@1 {p1:F3} should beat chance {chance:F3} by {margin}");
        }
        Assert.Equal(Enum.GetValues<FewShotMethod>().Length, result.PerTask.Count);
        Assert.Contains("(c) stage 1 + MAML + fine-tuning", result.ToMarkdown());
        Assert.Contains("(e) stage 1 + D2 metric training + fine-tuning", result.ToMarkdown());
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

    [Fact]
    public void PrototypeRankingPutsTheNearestPrototypesClassFirst()
    {
        // Two classes on a line: database points 0,1 near prototype 0 and points 2,3 near prototype 1.
        var db = tensor(new float[] { 0f, 0.1f, 1f, 0.9f }).reshape(4, 1);
        var protos = tensor(new float[] { 0f, 1f }).reshape(2, 1);
        var scores = CrossDomainEvaluation.PrototypeRanking(db, [0, 0, 1, 1], protos, k: 1);
        Assert.Equal(1.0, scores.PrecisionAt1, 6);
        Assert.Equal(1.0, scores.MapAtR, 6);
        // Labels that contradict the geometry: every query's nearest database image by prototype distance has the other label.
        var wrong = CrossDomainEvaluation.PrototypeRanking(db, [0, 1, 1, 0], protos, k: 1);
        Assert.Equal(0.0, wrong.PrecisionAt1, 6);
    }
}
