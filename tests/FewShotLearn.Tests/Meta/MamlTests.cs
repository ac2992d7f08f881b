using FewShotLearn.Tests.FewShot;
using FewShotLearn.Tests.Sampling;

namespace FewShotLearn.Tests.Meta;

[Collection(MetaTorchCollection.Name)]
public class MamlTests
{
    /// <summary>A two-tensor model y = tanh(x W1) W2 in double precision, with its functional forward.</summary>
    sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        public readonly TorchSharp.Modules.Parameter w1, w2;

        public Tiny() : base("Tiny")
        {
            w1 = nn.Parameter(torch.randn(3, 4, dtype: float64) * 0.7);
            w2 = nn.Parameter(torch.randn(4, 2, dtype: float64) * 0.7);
            RegisterComponents();
        }

        public static Tensor Apply(Tensor x, IReadOnlyDictionary<string, Tensor> p) => torch.tanh(x.matmul(p["w1"])).matmul(p["w2"]);

        public override Tensor forward(Tensor x) => Apply(x, named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
    }

    static (Tensor xs, Tensor ys, Tensor xq, Tensor yq) Task()
    {
        torch.manual_seed(5);
        return (torch.randn(6, 3, dtype: float64), torch.randn(6, 2, dtype: float64), torch.randn(5, 3, dtype: float64), torch.randn(5, 2, dtype: float64));
    }

    static Tensor Mse(Tensor a, Tensor b) => (a - b).pow(2).mean();

    // Meta-loss L(theta) = query loss after two inner steps; backward fills theta's grad.
    static Tensor MetaLoss(Maml maml, (Tensor xs, Tensor ys, Tensor xq, Tensor yq) t)
    {
        var learner = maml.Clone();
        for (var i = 0; i < 2; i++) learner.Adapt(Mse(learner.Forward(t.xs), t.ys));
        return Mse(learner.Forward(t.xq), t.yq);
    }

    static Tensor[] MamlGrad(Tiny model, bool firstOrder)
    {
        var t = Task();
        var maml = new Maml(model, Tiny.Apply, innerLr: 0.4, firstOrder);
        model.zero_grad();
        MetaLoss(maml, t).backward();
        return [model.w1.grad!.clone(), model.w2.grad!.clone()];
    }

    [Fact]
    public void SecondOrderGradientMatchesFiniteDifferences()
    {
        torch.manual_seed(1);
        var model = new Tiny();
        var grads = MamlGrad(model, firstOrder: false);
        var t = Task();
        var maml = new Maml(model, Tiny.Apply, innerLr: 0.4);
        const double eps = 1e-6;
        var parameters = new[] { model.w1, model.w2 };
        for (var k = 0; k < 2; k++)
        {
            var flat = parameters[k].detach().view(-1);   // shares storage with the parameter
            var g = grads[k].view(-1);
            for (var i = 0; i < flat.shape[0]; i++)
            {
                double Eval(double delta)
                {
                    using (torch.no_grad()) flat[i] += delta;
                    var value = MetaLoss(maml, t).item<double>();
                    using (torch.no_grad()) flat[i] -= delta;
                    return value;
                }
                var numeric = (Eval(eps) - Eval(-eps)) / (2 * eps);
                Assert.True(Math.Abs(numeric - g[i].item<double>()) < 1e-7,
                    $"parameter {k} element {i}: MAML gradient {g[i].item<double>()} vs finite difference {numeric}");
            }
        }
    }

    [Fact]
    public void FirstOrderDiffersFromSecondOrder()
    {
        torch.manual_seed(1);
        var model = new Tiny();
        var second = MamlGrad(model, firstOrder: false);
        var first = MamlGrad(model, firstOrder: true);
        var diff = (second[0] - first[0]).abs().max().item<double>() + (second[1] - first[1]).abs().max().item<double>();
        Assert.True(diff > 1e-3, $"first- and second-order gradients should differ; max difference {diff}");
        // Both are non-zero descent information, not garbage: they point the same general way.
        var dot = (second[0] * first[0]).sum().item<double>() + (second[1] * first[1]).sum().item<double>();
        Assert.True(dot > 0, $"first-order gradient should correlate with the exact one (dot {dot})");
    }

    [Fact]
    public void FirstOrderMetaGradientIsTheQueryGradientAtTheAdaptedWeights()
    {
        torch.manual_seed(1);
        var model = new Tiny();
        var first = MamlGrad(model, firstOrder: true);
        // The same two inner steps written out by hand, every step on constants (no graph back to theta), then the
        // plain gradient of the query loss at the adapted weights: first-order MAML's meta-gradient by definition.
        var t = Task();
        var w = new[] { model.w1.detach().clone(), model.w2.detach().clone() };
        for (var step = 0; step < 2; step++)
        {
            var leaves = w.Select(x => x.detach().requires_grad_(true)).ToArray();
            var g = torch.autograd.grad([Mse(Tiny.Apply(t.xs, new Dictionary<string, Tensor> { ["w1"] = leaves[0], ["w2"] = leaves[1] }), t.ys)], leaves);
            w = [(leaves[0] - 0.4 * g[0]).detach(), (leaves[1] - 0.4 * g[1]).detach()];
        }
        var adapted = w.Select(x => x.requires_grad_(true)).ToArray();
        var expected = torch.autograd.grad([Mse(Tiny.Apply(t.xq, new Dictionary<string, Tensor> { ["w1"] = adapted[0], ["w2"] = adapted[1] }), t.yq)], adapted);
        for (var k = 0; k < 2; k++)
        {
            var diff = (first[k] - expected[k]).abs().max().item<double>();
            Assert.True(diff < 1e-12, $"parameter {k}: first-order meta-gradient differs from the query gradient at the adapted weights by {diff}");
        }
    }

    [Fact]
    public void AdaptReleasesItsGradientsAndKeepsOnlyTheFastWeights()
    {
        torch.manual_seed(1);
        var model = new Tiny();
        var t = Task();
        foreach (var firstOrder in new[] { false, true })
        {
            var maml = new Maml(model, Tiny.Apply, innerLr: 0.4, firstOrder);
            using var scope = torch.NewDisposeScope();
            var learner = maml.Clone();
            var loss = Mse(learner.Forward(t.xs), t.ys);
            var before = scope.DisposablesCount;
            learner.Adapt(loss);
            // Two new fast weights reach the caller's scope; the two gradients (and any temporaries) do not.
            Assert.Equal(before + 2, scope.DisposablesCount);
            Assert.All(learner.Parameters.Values, p => Assert.True(p.requires_grad, "fast weights stay connected to theta in both orders"));
        }
    }

    [Fact]
    public void InnerLoopLowersTheSupportLossOfAnEmbeddingNet()
    {
        torch.manual_seed(2);
        var n = 6 * 6;
        var images = torch.rand(n, 1, 12, 12);
        var labels = Enumerable.Range(0, n).Select(i => (long)(i % 6)).ToArray();
        using var data = new LabeledImages("noise", images, labels, Enumerable.Range(0, 6).Select(c => $"c{c}").ToArray());
        var net = new EmbeddingNet(1, [8, 8], CPU);
        var stage = new MetaTraining(net, net.ForwardWith, new MamlOptions { Ways = 3, Shots = 3, Queries = 2, InnerSteps = 3, InnerLr = 0.5 });
        var sampler = new EpisodeSampler(data, seed: 4, device: CPU);
        using var episode = sampler.Sample(3, 3, 2);
        var (queryLoss, before, after) = stage.EpisodeLoss(episode);
        Assert.True(after < before - 1e-3, $"support loss should fall after 3 inner steps: {before} -> {after}");
        Assert.True(queryLoss.requires_grad);
    }
}
