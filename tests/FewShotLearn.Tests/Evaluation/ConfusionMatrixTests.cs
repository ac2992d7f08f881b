namespace FewShotLearn.Tests.Evaluation;

public class ConfusionMatrixTests
{
    [Fact]
    public void CountsAccuracyRecallAndTopConfusions()
    {
        var cm = new ConfusionMatrix(new long[] { 0, 0, 1, 1, 1, 2 }, new long[] { 0, 1, 1, 1, 2, 2 }, new[] { "a", "b", "c" });
        Assert.Equal(1, cm.Counts[0, 1]);
        Assert.Equal(2, cm.Counts[1, 1]);
        Assert.Equal(4.0 / 6, cm.Accuracy, 10);
        Assert.Equal(new[] { 0.5, 2.0 / 3, 1.0 }, cm.Recall());
        Assert.Equal(2, cm.TopConfusions().Count);
        Assert.NotNull(cm.Chart());
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(new long[] { 3 }, new long[] { 0 }, new[] { "a", "b" }));
    }

    [Fact]
    public void ChainRuleMatchesAutograd()
    {
        var (u, v, f, grads) = ChainRuleDemo.Run(2, -3, 4, TorchSharp.torch.CPU);
        Assert.Equal((-6.0, -2.0, 4.0), (u, v, f));
        Assert.All(grads, g => Assert.True(g.Agrees, g.ToString()));
        Assert.Equal(new[] { 12.0, -8.0, -4.0 }, grads.Select(g => g.Autograd));
    }
}
