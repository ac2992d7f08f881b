using FewShotLearn.Tests.Models;

namespace FewShotLearn.Tests.MetricLearning;

public class LossTests
{
    // Four points on a line: class 0 at x=0 and x=1, class 1 at x=1.2 and x=3.
    static Tensor Points() => tensor(new double[] { 0, 0, 1, 0, 1.2, 0, 3, 0 }, 4, 2).requires_grad_();
    static Tensor Labels() => tensor(new long[] { 0, 0, 1, 1 });

    [Fact]
    public void ContrastiveLossMatchesHandComputation()
    {
        var x = Points();
        var loss = new ContrastiveLoss(margin: 1.5).Compute(x, Labels());
        // positive pairs: (0,1) d=1, (2,3) d=1.8 -> mean d^2 = (1 + 3.24)/2 = 2.12
        // negative pairs: (0,2) d=1.2 -> 0.3^2=0.09, (0,3) d=3 -> 0, (1,2) d=0.2 -> 1.3^2=1.69, (1,3) d=2 -> 0
        // mean = (0.09 + 1.69)/4 = 0.445
        Assert.Equal(2.12 + 0.445, loss.item<double>(), 5);
        AssertGradientReaches(loss, x);
    }

    [Fact]
    public void BatchHardMinerPicksFarthestPositiveAndClosestNegative()
    {
        // class 0: 0, 1, 4 ; class 1: 1.5, 10 ; class 2: 20 (singleton)
        var x = tensor(new double[] { 0, 1, 4, 1.5, 10, 20 }, 6, 1);
        var y = tensor(new long[] { 0, 0, 0, 1, 1, 2 });
        using var t = new BatchHardMiner().Mine(x, y);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, t.Anchors.data<long>().ToArray()); // singleton 5 skipped
        Assert.Equal(new long[] { 2, 2, 0, 4, 3 }, t.Positives.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 3, 3, 1, 2 }, t.Negatives.data<long>().ToArray());
    }

    [Fact]
    public void TripletLossMatchesHandComputation()
    {
        var x = Points();
        var loss = new TripletLoss(margin: 0.5).Compute(x, Labels());
        // anchor 0: pos 1 (d=1), hardest neg 2 (d=1.2): 1 - 1.2 + 0.5 = 0.3
        // anchor 1: pos 0 (d=1), neg 2 (d=0.2): 1.3
        // anchor 2: pos 3 (d=1.8), neg 1 (d=0.2): 2.1
        // anchor 3: pos 2 (d=1.8), neg 1 (d=2): 0.3
        Assert.Equal((0.3 + 1.3 + 2.1 + 0.3) / 4, loss.item<double>(), 5);
        AssertGradientReaches(loss, x);
    }

    [Fact]
    public void TripletLossWithoutUsableAnchorSaysHowToSample()
    {
        Refuses<ArgumentException>(() => new TripletLoss().Compute(randn(3, 2), tensor(new long[] { 0, 1, 2 })), "K >= 2");
    }

    [Fact]
    public void PrototypeLossMatchesHandComputationAndSkipsSingletons()
    {
        // class 0: (0,0) and (1,0); class 1: (0,2) and (0,3); class 2: (5,5) singleton.
        var x = tensor(new double[] { 0, 0, 1, 0, 0, 2, 0, 3, 5, 5 }, 5, 2).requires_grad_();
        var y = tensor(new long[] { 0, 0, 1, 1, 2 });
        const double s = 0.5;
        var loss = new PrototypeLoss(scale: s).Compute(x, y);
        double[][] pts = [[0, 0], [1, 0], [0, 2], [0, 3], [5, 5]];
        double[][] protos = [[0.5, 0], [0, 2.5], [5, 5]];
        double Sq(double[] a, double[] b) => (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
        double expected = 0;
        int[] own = [0, 0, 1, 1];
        for (int i = 0; i < 4; i++)
        {
            var loo = pts[i ^ 1]; // the other member of the class is the leave-one-out prototype
            var logits = new double[3];
            for (int c = 0; c < 3; c++) logits[c] = -s * (c == own[i] ? Sq(pts[i], loo) : Sq(pts[i], protos[c]));
            var lse = Math.Log(logits.Sum(Math.Exp));
            expected += -(logits[own[i]] - lse);
        }
        Assert.Equal(expected / 4, loss.item<double>(), 6);
        AssertGradientReaches(loss, x);
    }

    [Fact]
    public void PrototypeLossRefusesAllSingletonBatch()
    {
        Refuses<ArgumentException>(() => new PrototypeLoss().Compute(randn(3, 2), tensor(new long[] { 0, 1, 2 })), "singleton");
    }

    [Fact]
    public void EpisodePrototypeLossIsCrossEntropyOverSupportMeans()
    {
        var support = tensor(new double[] { 0, 0, 2, 0, 0, 4 }, 3, 2);
        var sl = tensor(new long[] { 7, 7, 9 });
        var query = tensor(new double[] { 1, 1 }, 1, 2);
        var ql = tensor(new long[] { 9 });
        var loss = new PrototypeLoss(scale: 1).ComputeEpisode(support, sl, query, ql);
        // prototypes (1,0) and (0,4); d^2 = 1 and 10; -log softmax([-1,-10])[1]
        var expected = -(-10 - Math.Log(Math.Exp(-1) + Math.Exp(-10)));
        Assert.Equal(expected, loss.item<double>(), 6);
    }

    [Fact]
    public void LossesDecreaseWhenClassesSeparate()
    {
        var y = tensor(new long[] { 0, 0, 1, 1 });
        var mixed = tensor(new double[] { 0, 0, 1, 0, 0.1, 0, 1.1, 0 }, 4, 2);
        var apart = tensor(new double[] { 0, 0, 0.1, 0, 3, 0, 3.1, 0 }, 4, 2);
        foreach (IMetricLoss l in new IMetricLoss[] { new ContrastiveLoss(1), new TripletLoss(0.5), new PrototypeLoss(1) })
            Assert.True(l.Compute(apart, y).item<double>() < l.Compute(mixed, y).item<double>(), l.GetType().Name);
    }

    /// <summary>Back-propagates <paramref name="loss"/> and asserts that a non-zero gradient reaches the embeddings <paramref name="x"/>.</summary>
    static void AssertGradientReaches(Tensor loss, Tensor x)
    {
        loss.backward();
        Assert.True(x.grad!.abs().sum().item<double>() > 0);
    }
}
