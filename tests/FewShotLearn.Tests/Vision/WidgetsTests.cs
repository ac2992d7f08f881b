using FewShotLearn.Vision.Widgets;

namespace FewShotLearn.Tests.Vision;

public class WidgetsTests
{
    [Fact]
    public void DivergingMapIsBlueWhiteRedInCSharpAndJavaScript()
    {
        Assert.Equal(((byte)33, (byte)102, (byte)172), WidgetHtml.Diverging(-1));
        Assert.Equal(((byte)247, (byte)247, (byte)247), WidgetHtml.Diverging(0));
        Assert.Equal(((byte)178, (byte)24, (byte)43), WidgetHtml.Diverging(1));
        Assert.Equal(WidgetHtml.Diverging(5), WidgetHtml.Diverging(1));   // clamped
        foreach (var n in new[] { "33,102,172", "247,247,247", "178,24,43" }) Assert.Contains(n, WidgetHtml.DivergingJs);
    }

    [Fact]
    public void KernelEditorEmbedsTheImageTheKernelAndThePresets()
    {
        using var image = rand(1, 1, 12, 10);
        var html = KernelEditor.Create(image, Kernels.SobelX, imageName: "noise").Html;
        Assert.Contains("fsl-kernel-editor", html);
        Assert.Contains("fsl-kernel-output", html);
        Assert.Contains("\"width\":10,\"height\":12,\"channels\":1", html);
        Assert.Contains("[[-1,0,1],[-2,0,2],[-1,0,1]]", html);
        Assert.Contains("\"signed\":true", html);              // Sobel sums to 0: starts in the signed view
        foreach (var k in Kernels.All) Assert.Contains($"\"name\":\"{k.Name}\"", html);
        Assert.Contains("\"signed\":false", KernelEditor.Create(image, Kernels.BoxBlur).Html);
        Assert.Throws<ArgumentException>(() => KernelEditor.Create(rand(2, 12, 10)));
        Assert.Throws<ArgumentException>(() => KernelEditor.Create(rand(1, 600, 600)));
        Assert.True(KernelEditor.IsZeroSum(Kernels.EdgeDetect));
        Assert.False(KernelEditor.IsZeroSum(Kernels.Sharpen));
    }

    [Fact]
    public void SlidingWindowCarriesTheReferenceOutput()
    {
        var image = Matrices.Parse("11100 / 01110 / 00111 / 00110 / 01100");
        var kernel = Matrices.Parse("1 0 1 / 0 1 0 / 1 0 1");
        var html = SlidingWindow.Create(image, kernel, padding: 1).Html;
        var expected = ReferenceConvolution.Apply(image, kernel, padding: 1);
        Assert.Contains("\"output\":" + WidgetHtml.Json(WidgetHtml.Rows(expected)), html);
        Assert.Contains("\"padded\":[[0,0,0,0,0,0,0],[0,1,1,1,0,0,0]", html);
        Assert.Throws<ArgumentException>(() => SlidingWindow.Create(new double[30, 30], kernel));
    }

    [Fact]
    public void FeatureMapViewerHoldsEveryLayerAndChannel()
    {
        FewShotLearn.Runtime.Seeding.Seed(1);
        using var model = new SmallCnn(channels: new[] { 3, 5 }, hidden: 8, batchNorm: true);
        using var image = rand(1, 1, 28, 28);
        var layers = FeatureMaps.Capture(model, image);
        var html = FeatureMapViewer.Create(layers, image).Html;
        foreach (var l in layers) Assert.Contains($"\"name\":\"{l.Name}\"", html);
        Assert.Equal(layers.Sum(l => l.Channels), System.Text.RegularExpressions.Regex.Matches(html, "data:image/png;base64,").Count - 1); // + the input
        Assert.Throws<ArgumentException>(() => FeatureMapViewer.Create(Array.Empty<LayerActivation>()));
    }

    [Fact]
    public void KernelHeatmapsAreSquareGrids()
    {
        FewShotLearn.Runtime.Seeding.Seed(2);
        using var model = new SmallCnn(channels: new[] { 4 }, hidden: 8);
        var html = FeatureMaps.Kernels(model.ConvLayers[0], "k").Html;
        Assert.Contains("grid-template-columns:repeat(3,22px);grid-auto-rows:22px", html);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(html, "grid-auto-rows:22px").Count);
    }

    [Fact]
    public void SignedImagesUseTheDivergingMapAroundZero()
    {
        using var map = tensor(new float[] { -2, 0, 2, 1 }, new long[] { 1, 2, 2 });
        using var img = ImageIO.ToSignedImage(map, scale: 2);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(33, 102, 172), img[0, 0]);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(247, 247, 247), img[1, 0]);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(178, 24, 43), img[0, 1]);
        // The default scale ignores the top 1 % of |values| (a zero-padded border must not wash the map out).
        using var spiky = cat(new[] { ones(999), tensor(new float[] { 1000 }) });
        Assert.InRange(ImageIO.SignedScale(spiky), 0.99, 1.01);
    }
}
