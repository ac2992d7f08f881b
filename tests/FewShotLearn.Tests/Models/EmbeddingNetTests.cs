using FewShotLearn.Tests.MetricLearning;

namespace FewShotLearn.Tests.Models;

public class EmbeddingNetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EmbeddingsAreUnitVectorsOfTheLastBlockWidth(int channels)
    {
        manual_seed(0);
        using var net = new EmbeddingNet(channels, [8, 12], CPU);
        var e = net.forward(rand(5, channels, 28, 28));
        Assert.Equal(new long[] { 5, 12 }, e.shape);
        Assert.True(e.norm(1).sub(1).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void FunctionalForwardEqualsModuleForwardAndIsDifferentiableInTheGivenWeights()
    {
        manual_seed(0);
        using var net = new EmbeddingNet(1, [8, 8], CPU);
        net.eval();
        var x = rand(4, 1, 16, 16);
        var p = net.Parameters();
        Assert.True(net.forward(x).allclose(net.ForwardWith(x, p)));
        // Adapted weights (non-leaf): gradient flows back to the original parameters (what MAML needs).
        var w = p["blocks.0.conv.weight"];
        var adapted = new Dictionary<string, Tensor>(p) { ["blocks.0.conv.weight"] = w * 1.5 };
        var changed = net.ForwardWith(x, adapted);
        Assert.False(changed.allclose(net.forward(x)));
        changed.sum().backward();
        Assert.NotNull(w.grad);
    }

    [Fact]
    public void MissingParameterIsNamed()
    {
        using var net = new EmbeddingNet(1, [4], CPU);
        var ex = Assert.Throws<ArgumentException>(() => net.ForwardWith(rand(1, 1, 8, 8), new Dictionary<string, Tensor>()));
        Assert.Contains("blocks.0.conv.weight", ex.Message);
    }

    [Fact]
    public void CheckpointRoundTripKeepsEmbeddingsAndFingerprint()
    {
        manual_seed(3);
        var dir = Directory.CreateTempSubdirectory("fsl-net");
        var path = Path.Combine(dir.FullName, "net.fsm");
        using var net = new EmbeddingNet(1, [6, 10], CPU);
        net.train();
        net.forward(rand(8, 1, 12, 12)); // moves running statistics
        net.eval();
        net.Save(path, new Dictionary<string, string> { ["dataset"] = "glyphs" });
        using var back = EmbeddingNet.Load(path, out var meta, CPU);
        back.eval();
        var x = rand(3, 1, 12, 12);
        Assert.True(net.forward(x).allclose(back.forward(x)));
        Assert.Equal(net.Fingerprint(), back.Fingerprint());
        Assert.Equal("glyphs", meta["dataset"]);
        Assert.Single(dir.GetFiles());
        using var other = new EmbeddingNet(1, [6, 10], CPU);
        Assert.NotEqual(net.Fingerprint(), other.Fingerprint());
    }

    [Fact]
    public void TruncatedOrForeignCheckpointIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-net");
        var path = Path.Combine(dir.FullName, "net.fsm");
        using var net = new EmbeddingNet(1, [4], CPU);
        net.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains("corrupt", Assert.Throws<InvalidDataException>(() => EmbeddingNet.Load(path, CPU)).Message);
        File.WriteAllText(path, "hello world, not a model");
        Assert.Contains("not an EmbeddingNet checkpoint", Assert.Throws<InvalidDataException>(() => EmbeddingNet.Load(path, CPU)).Message);
    }
}
