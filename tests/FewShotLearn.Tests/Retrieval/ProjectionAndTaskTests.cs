using FewShotLearn.Tests.Evaluation;

namespace FewShotLearn.Tests.Retrieval;

public class ProjectionAndTaskTests
{
    [Fact]
    public void PcaFindsTheDirectionOfLargestVariance()
    {
        // Points along (1, 2, 2)/3 with a little noise in z: PC 1 carries the spread, PC 2 almost nothing.
        manual_seed(0);
        var t = linspace(-3, 3, 50).unsqueeze(1);
        var x = t * tensor(new float[] { 1 / 3f, 2 / 3f, 2 / 3f }).unsqueeze(0) + 0.01f * randn(50, 3);
        var p = Pca.Project(x, 2);
        Assert.Equal(new long[] { 50, 2 }, p.shape);
        var var1 = p[.., 0].var().item<float>();
        var var2 = p[.., 1].var().item<float>();
        Assert.True(var1 > 1000 * var2, $"{var1} vs {var2}");
        Assert.Equal(t.squeeze(1).var().item<float>(), var1, 1);
    }

    [Fact]
    public void SampledTasksAreDeterministicAndScored()
    {
        using var data = GlyphDataset.Generate(6, 5, size: 12, seed: 2, device: CPU);
        manual_seed(1);
        using var net = new EmbeddingNet(1, [4], CPU);
        var a = TaskEvaluation.Sample(net, data, tasks: 4, classesPerTask: 3, k: 2, seed: 9);
        var b = TaskEvaluation.Sample(net, data, tasks: 4, classesPerTask: 3, k: 2, seed: 9);
        Assert.Equal(4, a.Count);
        Assert.All(a, s => Assert.Equal(15, s.Queries));
        Assert.Equal(a.Select(s => s.MapAtR), b.Select(s => s.MapAtR));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskEvaluation.Sample(net, data, 1, 7));
    }
}
