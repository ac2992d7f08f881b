namespace FewShotLearn.Tests.Transfer;

public class FreezingTests
{
    private static TransferModel Cnn(int classes = 4) { Seeding.Seed(1); return TransferCnn.Create(1, classes, [4, 8, 8], device: CPU); }

    [Fact]
    public void TrainableCountsFollowTheStrategy()
    {
        using var m = Cnn();
        long P(string block) => m.ParameterCounts().Single(r => r.Group == block).Total;
        // conv 1->4 (3x3, no bias) + BN(4): 36 + 8; conv 4->8: 288 + 16; conv 8->8: 576 + 16; head 8->4: 36.
        Assert.Equal(44, P("block1"));
        Assert.Equal(304, P("block2"));
        Assert.Equal(592, P("block3"));
        Assert.Equal(36, P("head"));
        Assert.Equal(new[] { "block1", "block2", "block3" }, m.TrainableBlockNames);

        m.ApplyFreezing(FreezeStrategy.HeadOnly);
        Assert.Equal(36, m.TrainableParameterCount());
        m.ApplyFreezing(FreezeStrategy.TopBlocks(1));
        Assert.Equal(36 + 592, m.TrainableParameterCount());
        m.ApplyFreezing(FreezeStrategy.TopBlocks(2));
        Assert.Equal(36 + 592 + 304, m.TrainableParameterCount());
        m.ApplyFreezing(FreezeStrategy.Everything);
        Assert.Equal(m.ParameterCount(), m.TrainableParameterCount());
        Assert.Equal(976, m.ParameterCount());
    }

    [Fact]
    public void FrozenWeightsStayAfterAnOptimizerStepWhileTheHeadTrains()
    {
        using var m = Cnn();
        m.ApplyFreezing(FreezeStrategy.TopBlocks(1));
        var before = m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var data = TransferTestData.Squares(4, 8, seed: 3);
        FineTuner.Train(m, FreezeStrategy.TopBlocks(1), data, data, new FineTuneOptions { Epochs = 1, BatchSize = 8, LearningRate = 0.05, Device = CPU });
        foreach (var (name, p) in m.named_parameters())
        {
            var changed = !p.detach().allclose(before[name]);
            var shouldTrain = name.StartsWith("head.") || name.StartsWith("backbone.block3.");
            Assert.True(changed == shouldTrain, $"{name}: changed={changed}, expected trainable={shouldTrain}");
        }
        // The fully frozen blocks stayed in eval mode, so their batch-norm running statistics did not move either.
        var frozenBn = (TorchSharp.Modules.BatchNorm2d)m.Block("block1").named_children().Single(c => c.name == "bn").module;
        Assert.True(frozenBn.running_mean!.allclose(zeros(4)));
    }

    [Fact]
    public void HeadLearningRateAppliesToTheHeadOnly()
    {
        using var m = Cnn();
        var before = m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var data = TransferTestData.Squares(4, 8, seed: 4);
        var r = FineTuner.Train(m, FreezeStrategy.Everything, data, data,
            new FineTuneOptions { Epochs = 1, BatchSize = 8, LearningRate = 0.01, HeadLearningRate = 0.0, Device = CPU });
        Assert.Equal(976, r.TrainableParameters);
        foreach (var (name, p) in m.named_parameters())
            Assert.True(p.detach().allclose(before[name]) == name.StartsWith("head."), name);
    }

    [Fact]
    public void ReplacingTheHeadKeepsTheBackboneAndChangesTheOutputSize()
    {
        using var m = Cnn(classes: 10);
        var w = m.named_parameters().First().parameter.detach().clone();
        m.ReplaceHead(3, dropout: 0.5);
        using var y = m.call(rand(2, 1, 12, 12));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.True(m.named_parameters().First().parameter.allclose(w));
        Assert.Contains(m.named_parameters(), p => p.name == "head.fc.weight");
        Assert.DoesNotContain(m.named_parameters(), p => p.name == "head.weight");
    }

    [Fact]
    public void TorchVisionResNetSplitsIntoNamedBlocks()
    {
        Seeding.Seed(2);
        using var resnet = torchvision.models.resnet18(device: CPU);
        using var m = TorchVisionBackbones.Split(resnet, 5, CPU);
        Assert.Equal(new[] { "stem", "layer1", "layer2", "layer3", "layer4", "pool" }, m.BlockNames);
        Assert.Equal(512, m.FeatureDim);
        m.ApplyFreezing(FreezeStrategy.HeadOnly);
        Assert.Equal(512 * 5 + 5, m.TrainableParameterCount());
        m.ApplyFreezing(FreezeStrategy.TopBlocks(1));
        var layer4 = m.Block("layer4").parameters().Sum(p => p.numel());
        Assert.Equal(512 * 5 + 5 + layer4, m.TrainableParameterCount());
        // ResNet-18 without its 1000-class fc: 11,689,512 - 513,000 parameters.
        Assert.Equal(11_689_512 - 513_000 + 512 * 5 + 5, m.ParameterCount());
        m.eval();
        using var y = m.call(rand(1, 3, 64, 64));
        Assert.Equal(new long[] { 1, 5 }, y.shape);
    }

    [Fact]
    public void ModelFamilyCountsMatchThePublishedDefinitions()
    {
        var rows = ModelFamily.Measure(ModelFamily.Small);
        var byName = rows.ToDictionary(r => r.Model);
        Assert.Equal(11_689_512, byName["ResNet-18"].Parameters);
        Assert.Equal(18, byName["ResNet-18"].MainPathLayers);
        Assert.Equal(21, byName["ResNet-18"].ConvLinearLayers);
        Assert.Equal(3_504_872, byName["MobileNetV2"].Parameters);
        Assert.Equal(5_288_548, byName["EfficientNet-B0"].Parameters);
    }
}
