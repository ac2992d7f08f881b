using FewShotLearn.Tests.Retrieval;

namespace FewShotLearn.Tests.Evaluation;

public class RetrievalMetricsTests
{
    [Fact]
    public void MetricsOfHandMadeRankings()
    {
        // relevance: 1 0 1 1 0 with R = 4 (one relevant item is missing from the top 4)
        bool[] rel = [true, false, true, true, false];
        Assert.Equal(1.0, RetrievalMetrics.PrecisionAtK(rel, 1));
        Assert.Equal(2.0 / 3, RetrievalMetrics.PrecisionAtK(rel, 3), 12);
        Assert.Equal(3.0 / 4, RetrievalMetrics.RPrecision(rel, 4), 12);
        // MAP@R = (1/4)(1/1 + 2/3 + 3/4) = 0.6041666...
        Assert.Equal((1 + 2.0 / 3 + 3.0 / 4) / 4, RetrievalMetrics.AveragePrecisionAtR(rel, 4), 12);
        // Musgrave et al. example: R = 10, relevant at ranks 1 and 3 only -> MAP@R = (1 + 2/3)/10
        var ex = new bool[10]; ex[0] = true; ex[2] = true;
        Assert.Equal((1 + 2.0 / 3) / 10, RetrievalMetrics.AveragePrecisionAtR(ex, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.RecallAtK([false, false, true], 2));
        Assert.Equal(1.0, RetrievalMetrics.RecallAtK([false, false, true], 3));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.PrecisionAtK(rel, 6));
    }

    [Fact]
    public void AveragesOverQueriesSkipQueriesWithoutRelevantItems()
    {
        var scores = RetrievalMetrics.FromRankings(
            [[1, 1, 2], [2, 1, 1], [5, 5, 5]], [1, 1, 9], [2, 2, 0], k: 2);
        Assert.Equal(2, scores.Queries);
        Assert.Equal(0.5, scores.PrecisionAt1, 12);
        Assert.Equal(0.75, scores.PrecisionAtK, 12);      // (1 + 0.5)/2
        Assert.Equal(0.75, scores.RPrecision, 12);        // R=2: (1 + 0.5)/2
        Assert.Equal((1 + 0.25) / 2, scores.MapAtR, 12);  // q1: (1+1)/2 = 1; q2: (0 + 1/2)/2 = 0.25
        Assert.Equal(1.0, scores.RecallAtK, 12);
    }

    [Fact]
    public void EvaluateOnTheDatabaseItselfExcludesEachQuery()
    {
        // Two tight clusters on a line: leave-one-out retrieval is perfect.
        var e = tensor(new float[] { 0, 0.1f, 0.2f, 5, 5.1f, 5.2f }, 6, 1);
        using var index = new RetrievalIndex(e, [0, 0, 0, 1, 1, 1], ["x", "y"], "f");
        var s = RetrievalMetrics.Evaluate(index, e, index.Labels, k: 2, queriesAreDatabase: true);
        Assert.Equal(6, s.Queries);
        Assert.Equal(1.0, s.MapAtR, 12);
        Assert.Equal(1.0, s.PrecisionAtK, 12);
        // Without exclusion each query finds itself first, still correct; with a mixed point R-precision drops.
        using var mixed = new RetrievalIndex(e, [0, 1, 0, 1, 0, 1], ["x", "y"], "f");
        var m = RetrievalMetrics.Evaluate(mixed, e, mixed.Labels, k: 2, queriesAreDatabase: true);
        Assert.True(m.MapAtR < 0.6);
    }

    [Fact]
    public void ConfidenceIntervalOfKnownSamples()
    {
        // 1..5: mean 3, sample std sqrt(2.5), t(0.975, 4) = 2.776
        var ci = Statistics.MeanCI95([1, 2, 3, 4, 5]);
        Assert.Equal(3, ci.Mean, 12);
        Assert.Equal(Math.Sqrt(2.5), ci.StdDev, 12);
        Assert.Equal(2.776 * Math.Sqrt(2.5) / Math.Sqrt(5), ci.HalfWidth, 9);
        // Large n uses 1.96.
        var big = Enumerable.Range(0, 100).Select(i => (double)(i % 2)).ToArray();
        var ci2 = Statistics.MeanCI95(big);
        var std = Math.Sqrt(big.Sum(x => (x - 0.5) * (x - 0.5)) / 99);
        Assert.Equal(1.96 * std / 10, ci2.HalfWidth, 12);
        Assert.Equal("0.500 ± 0.098", ci2.ToString());
        Assert.True(double.IsNaN(Statistics.MeanCI95([0.7]).HalfWidth));
        Assert.Throws<ArgumentException>(() => Statistics.MeanCI95([]));
    }
}
