namespace FewShotLearn.Tests.Vision;

public class FeatureMapsTests
{
    [Fact]
    public void CapturesEverySpatialLayerWithItsShape()
    {
        FewShotLearn.Runtime.Seeding.Seed(1);
        using var model = new SmallCnn(channels: new[] { 4, 6 }, hidden: 8);
        using var image = rand(1, 1, 28, 28);
        var layers = FeatureMaps.Capture(model, image);
        Assert.Equal(new[] { "features.conv1", "features.relu1", "features.pool1", "features.conv2", "features.relu2", "features.pool2" }, layers.Select(l => l.Name));
        Assert.Equal(new long[] { 4, 28, 28 }, layers[0].Output.shape);
        Assert.Equal(new long[] { 4, 14, 14 }, layers[2].Output.shape);
        Assert.Equal(new long[] { 6, 7, 7 }, layers[5].Output.shape);
        Assert.True(layers[1].Output.min().item<float>() >= 0, "ReLU output is non-negative");
        var convs = FeatureMaps.Capture(model, image, "Conv2d");
        Assert.Equal(2, convs.Count);
        Assert.True(convs[0].Output.allclose(layers[0].Output));
        Assert.Contains("<img", FeatureMaps.Show(layers[0]).Html);
        Assert.Throws<ArgumentException>(() => FeatureMaps.Capture(model, rand(2, 1, 28, 28)));
    }
}
