using static TorchSharp.torch.nn;

namespace FewShotLearn.Tests.Models;

public class ModelSummaryTests
{
    [Fact]
    public void SoftmaxLayerOn640InputsHas6400Weights()
    {
        using var model = Sequential(("flatten", Flatten()), ("fc", Linear(640, 10, hasBias: false)));
        using var sample = zeros(1, 10, 8, 8); // (8, 8, 10) as channels-first
        var summary = ModelSummary.Of(model, sample);
        Assert.Equal(6400, summary.TotalParameters);
        Assert.Equal(new long[] { 1, 640 }, summary.Layers[0].OutputShape);
        Assert.Equal(new long[] { 1, 10 }, summary.Layers[1].OutputShape);
        using var withBias = Sequential(("fc", Linear(640, 10)));
        Assert.Equal(6410, ModelSummary.Of(withBias, zeros(1, 640)).TotalParameters);
    }

    [Fact]
    public void SmallCnnSummaryListsLayersInOrderWithShapes()
    {
        using var model = new SmallCnn(channels: new[] { 5, 20 }, hidden: 16, imageSize: 28);
        model.named_parameters().Single(p => p.name == "classifier.fc1.weight").parameter.requires_grad = false;
        var summary = ModelSummary.Of(model, zeros(2, 1, 28, 28));
        Assert.Equal("features.conv1", summary.Layers[0].Name);
        Assert.Equal("Conv2d", summary.Layers[0].Type);
        Assert.Equal(new long[] { 2, 5, 28, 28 }, summary.Layers[0].OutputShape);
        Assert.Equal(5 * 1 * 9 + 5, summary.Layers[0].Parameters);
        Assert.Equal(new long[] { 2, 20, 7, 7 }, summary.Layers.Single(l => l.Name == "features.pool2").OutputShape);
        Assert.Equal(new long[] { 2, 10 }, summary.Layers[^1].OutputShape);
        Assert.Equal(model.parameters().Sum(p => p.numel()), summary.Layers.Sum(l => l.Parameters));
        Assert.Equal(summary.TotalParameters - 20 * 7 * 7 * 16, summary.TrainableParameters);
        Assert.Contains("features.conv2", summary.ToHtml().Html);
        Assert.True(model.training, "summary restores training mode");
    }

    [Fact]
    public void SmallCnnRejectsBadConfigurations()
    {
        Assert.Throws<ArgumentException>(() => new SmallCnn(channels: Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new SmallCnn(classes: 1));
        Assert.ThrowsAny<ArgumentException>(() => new SmallCnn(imageSize: 4, channels: new[] { 2, 2, 2 }));
    }
}
