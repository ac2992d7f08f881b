namespace FewShotLearn.Tests.Meta;

[Collection(MetaTorchCollection.Name)]
public class InnerLoopTests
{
    [Fact]
    public void Inner_step_with_learned_rates_equal_to_alpha_matches_the_plain_step_and_rates_get_a_gradient()
    {
        var w = tensor(new double[] { 1, -2, 3 }).requires_grad_();
        var weights = new Dictionary<string, Tensor> { ["w"] = w };
        var plain = InnerStep.Apply(weights, w.pow(2).sum(), 0.1, null, InnerGraph.SecondOrder);
        Assert.Equal(new[] { 0.8, -1.6, 2.4 }, plain["w"].data<double>().ToArray().Select(v => Math.Round(v, 12)));
        var rate = full(3, 0.1, dtype: float64).requires_grad_();
        var learned = InnerStep.Apply(weights, w.pow(2).sum(), 0.5, new Dictionary<string, Tensor> { ["w"] = rate }, InnerGraph.SecondOrder);
        Assert.True(learned["w"].allclose(plain["w"]));
        // d/d rate of sum(w'^2), w' = w - rate * 2w: -2w * 2 w' = -4 w (w - 0.2 w) = -3.2 w^2.
        learned["w"].pow(2).sum().backward();
        Assert.Equal(new[] { -3.2, -12.8, -28.8 }, rate.grad!.data<double>().ToArray().Select(v => Math.Round(v, 9)));
        // Plain fine-tuning gives new detached leaves.
        var none = InnerStep.Apply(weights, w.pow(2).sum(), 0.1, null, InnerGraph.None);
        Assert.False(none["w"].requires_grad);
        Assert.Throws<InvalidOperationException>(() => InnerStep.Apply(weights, (w * double.NaN).sum(), 0.1, null, InnerGraph.None));
    }

    /// <summary>A linear embedding (flattened 16x16 image -> 8, L2-normalised): no convolution, so no oneDNN kernel in the test.</summary>
    sealed class LinearEmbedding : TorchSharp.torch.nn.Module<Tensor, Tensor>
    {
        public readonly TorchSharp.Modules.Parameter w;

        public LinearEmbedding() : base("LinearEmbedding")
        {
            w = TorchSharp.torch.nn.Parameter(randn(256, 8) * 0.1);
            RegisterComponents();
        }

        public static Tensor Apply(Tensor x, IReadOnlyDictionary<string, Tensor> p) =>
            TorchSharp.torch.nn.functional.normalize(x.flatten(1).matmul(p["w"]), p: 2, dim: 1, eps: 1e-12);

        public override Tensor forward(Tensor x) => Apply(x, named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
    }

    [Fact]
    public void Meta_sgd_learns_per_weight_rates_and_the_matching_adaptation_uses_them()
    {
        Seeding.Seed(5);
        using var d2 = GlyphDataset.Generate(8, 4, 16, seed: 4, device: CPU);
        var net = new LinearEmbedding();
        var options = new MamlOptions { Ways = 3, Shots = 1, Queries = 2, InnerSteps = 1, InnerLr = 0.1, MetaBatch = 2, MetaIterations = 3, OuterLr = 1e-2, LearnInnerRates = true };
        var stage = new MetaTraining(net, LinearEmbedding.Apply, options, SupportLoss.Of(new SupportSoftmaxLoss(scale: 2)));
        Assert.NotNull(stage.InnerRates);
        var steps = stage.Train(new EpisodeSampler(d2, seed: 1, device: CPU));
        Assert.Equal(3, steps.Count);
        var (_, min, max) = stage.InnerRates!.Summary();
        Assert.True(max - min > 1e-4, $"rates stayed at alpha: [{min}, {max}]");
        Assert.Same(stage.InnerRates.Rates, stage.MatchingAdaptation(LinearEmbedding.Apply).Rates);
        Assert.True(steps.All(s => s.InnerLossBefore > 0.01), "the 1-shot inner loss must not sit at zero");
        Assert.True(steps.All(s => s.InnerLossAfter < s.InnerLossBefore), "one inner step must lower the softmax support loss");
    }

    [Fact]
    public void Label_threshold_of_claims_5_and_12_bounds_support_and_query_label_counts()
    {
        // 5-way 5-shot support = 25 labels > 20 > 5-way 2-query set = 10 labels: allowed.
        new MamlOptions { Ways = 5, Shots = 5, Queries = 2, LabelThreshold = 20 }.Validate();
        var few = Assert.Throws<ArgumentException>(() => new MamlOptions { Ways = 5, Shots = 1, Queries = 2, LabelThreshold = 20 }.Validate());
        Assert.Contains("support set must hold more labels", few.Message);
        Assert.Contains("--label-threshold", few.Message);
        var many = Assert.Throws<ArgumentException>(() => new MamlOptions { Ways = 5, Shots = 5, Queries = 5, LabelThreshold = 20 }.Validate());
        Assert.Contains("query set must hold fewer labels", many.Message);
        new MamlOptions { Ways = 5, Shots = 1, Queries = 5 }.Validate();   // no threshold: the usual episodes
    }
}
