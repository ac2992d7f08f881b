using FewShotLearn.Tests.Meta;

namespace FewShotLearn.Tests.MetricLearning;

[Collection(MetaTorchCollection.Name)]
public class SupportLossTests
{
    // Five glyph classes, one image each: a 5-way 1-shot support set.
    static (LabeledImages Data, Tensor Labels) OneShot()
    {
        var data = GlyphDataset.Generate(5, 1, 16, seed: 2, device: CPU);
        return (data, data.LabelTensor());
    }

    [Theory]
    [InlineData(SupportLossKind.Softmax)]
    [InlineData(SupportLossKind.AugmentedViews)]
    public void One_shot_support_loss_is_not_zero_for_a_random_network_and_an_inner_step_lowers_it(SupportLossKind kind)
    {
        Seeding.Seed(7);
        var (data, labels) = OneShot();
        using var _ = data;
        var net = new EmbeddingNet(1, [8, 8], CPU);
        var loss = SupportLosses.Create(kind, shots: 1, seed: 3);
        net.train();
        using var value = loss.Compute(net.forward, data.Images, labels);
        Assert.True(value.item<float>() > 0.05, $"{kind}: 1-shot support loss {value.item<float>()} should be well above 0");
        value.backward();
        var gradNorm = net.parameters().Sum(p => p.grad is null ? 0 : p.grad.abs().sum().item<float>());
        Assert.True(gradNorm > 1e-4, $"{kind}: the loss must give the inner step a gradient; got {gradNorm}");
        // Five steps of the adaptation lower it (the views loss is averaged over fresh views each step, so compare ends).
        using var adapted = new Adaptation(net.ForwardWith, loss, steps: 5, lr: 0.5).Adapt(net, data.Images, labels);
        Assert.True(adapted.SupportLosses[^1] < adapted.SupportLosses[0], $"{kind}: {string.Join(", ", adapted.SupportLosses)}");
    }

    [Fact]
    public void Contrastive_one_shot_loss_is_exactly_zero_once_classes_are_a_margin_apart_but_the_softmax_is_not()
    {
        // Three one-shot classes at distance >= 1 of each other: the old 1-shot inner loss (contrastive, margin 0.5) is 0.
        var e = tensor(new double[] { 0, 0, 1, 0, 0, 1 }, 3, 2).requires_grad_();
        var y = tensor(new long[] { 0, 1, 2 });
        Assert.Equal(0.0, new ContrastiveLoss().Compute(e, y).item<double>(), 12);
        // Softmax over distances with scale s: image 0 has d^2 = 1, 1 -> -log(1 / (1 + 2 e^-s)); images 1, 2: d^2 = 1, 2.
        const double s = 2.0;
        var expected = (Math.Log(1 + 2 * Math.Exp(-s)) + 2 * Math.Log(1 + Math.Exp(-s) + Math.Exp(-2 * s))) / 3;
        var soft = new SupportSoftmaxLoss(scale: s).Compute(e, y);
        Assert.Equal(expected, soft.item<double>(), 9);
        soft.backward();
        Assert.True(e.grad!.abs().sum().item<double>() > 1e-3);
    }

    [Fact]
    public void Augmented_views_are_deterministic_by_seed_keep_the_shape_and_change_the_pixels()
    {
        var (data, _) = OneShot();
        using var __ = data;
        using var a = new AugmentedViewsLoss(seed: 5).Augment(data.Images);
        using var b = new AugmentedViewsLoss(seed: 5).Augment(data.Images);
        using var c = new AugmentedViewsLoss(seed: 6).Augment(data.Images);
        Assert.Equal(data.Images.shape, a.shape);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
        Assert.True((a - data.Images).abs().mean().item<float>() > 1e-3);
    }

    [Fact]
    public void Prototype_support_loss_at_one_shot_is_an_error_naming_the_alternatives()
    {
        var e = Assert.Throws<ArgumentException>(() => SupportLosses.Create(SupportLossKind.Prototype, shots: 1));
        Assert.Contains("AugmentedViews", e.Message);
        Assert.Equal(SupportLossKind.AugmentedViews, SupportLosses.Parse("views"));
        Assert.Throws<ArgumentException>(() => SupportLosses.Parse("triplet"));
    }
}
