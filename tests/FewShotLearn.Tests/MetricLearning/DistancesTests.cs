using FewShotLearn.Tests.Models;

namespace FewShotLearn.Tests.MetricLearning;

public class DistancesTests
{
    [Fact]
    public void PairwiseDistancesMatchNaiveLoops()
    {
        manual_seed(1);
        var a = randn(5, 3, dtype: float64);
        var b = randn(4, 3, dtype: float64);
        var e = PairwiseDistances.Euclidean(a, b);
        var s = PairwiseDistances.SquaredEuclidean(a, b);
        var c = PairwiseDistances.Cosine(a, b);
        Assert.Equal(new long[] { 5, 4 }, e.shape);
        var A = a.data<double>().ToArray();
        var B = b.data<double>().ToArray();
        for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++)
        {
            double sq = 0, dot = 0, na = 0, nb = 0;
            for (int k = 0; k < 3; k++)
            {
                var x = A[i * 3 + k]; var y = B[j * 3 + k];
                sq += (x - y) * (x - y); dot += x * y; na += x * x; nb += y * y;
            }
            Assert.Equal(sq, s[i, j].item<double>(), 9);
            Assert.Equal(Math.Sqrt(sq), e[i, j].item<double>(), 9);
            Assert.Equal(1 - dot / Math.Sqrt(na * nb), c[i, j].item<double>(), 9);
        }
    }

    [Fact]
    public void EuclideanGradientIsFiniteAtCoincidentPoints()
    {
        var a = tensor(new float[] { 1, 0, 0, 1 }, 2, 2).requires_grad_();
        var d = PairwiseDistances.Euclidean(a, a);
        d.sum().backward();
        Assert.True(a.grad!.isfinite().all().item<bool>());
        Assert.True(d[0, 0].item<float>() < 1e-5);
    }

    [Fact]
    public void MismatchedDimensionsAreAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => PairwiseDistances.Euclidean(zeros(2, 3), zeros(2, 4)));
        Assert.Contains("same dimension", ex.Message);
    }
}
