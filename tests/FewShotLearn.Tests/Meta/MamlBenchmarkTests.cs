namespace FewShotLearn.Tests.Meta;

[Collection(MetaTorchCollection.Name)]
public class MamlBenchmarkTests
{
    static readonly MamlBenchmarkOptions Tiny = new()
    {
        Ways = 2, Shots = 2, Queries = 2, InnerSteps = 2, MetaBatch = 2, Channels = 4, Size = 16, Iterations = 1, Repeats = 1,
    };

    [Fact]
    public void LibraryAndFloorComputeTheSameMetaTrainingAtBothOrders()
    {
        var result = MamlBenchmark.Run(Tiny, CPU, seed: 3);
        // 2 orders x (floor, library) x (timed round, memory round)
        Assert.Equal(8, result.Phases.Count);
        Assert.Equal(4, result.Phases.Count(p => p.MeasuresMemory));
        // Memory is measured before any timing round has grown the native heap (whose free lists would serve the measured
        // blocks from pages that stay resident), after a one-task warm-up: two outer losses per memory phase.
        Assert.All(result.Phases.Take(4), p => Assert.True(p.MeasuresMemory));
        Assert.All(result.Phases.Where(p => p.MeasuresMemory), p => Assert.Equal(2, p.OuterLosses.Count));
        foreach (var s in result.Summaries)
        {
            // Same initial weights, same tasks, same math: the outer losses agree iteration by iteration.
            Assert.True(s.MaxOuterLossDifference < 1e-5, $"{s.Name}: library and floor outer losses differ by {s.MaxOuterLossDifference}");
            Assert.True(s.FloorSeconds > 0 && s.LibrarySeconds > 0 && double.IsFinite(s.TimeRatio));
            if (PeakResidentMemory.Supported)
                Assert.True(s.FloorPeakBytes > 0 && s.LibraryPeakBytes > 0, $"{s.Name}: peaks {s.FloorPeakBytes} / {s.LibraryPeakBytes}");
        }
        // Second and first order are different algorithms: their losses after the first meta-update differ.
        var second = result.Phases.First(p => !p.FirstOrder && !p.MeasuresMemory);
        var first = result.Phases.First(p => p.FirstOrder && !p.MeasuresMemory);
        Assert.Equal(second.OuterLosses[0], first.OuterLosses[0], 6);   // the same start
        Assert.NotEqual(second.OuterLosses[^1], first.OuterLosses[^1]);
    }

    [Fact]
    public void OptionsOutOfBoundsAreRefusedWithTheOptionName()
    {
        var e = Assert.Throws<ArgumentException>(() => MamlBenchmark.Run(Tiny with { Channels = 100000 }, CPU));
        Assert.Contains("--channels", e.Message);
    }
}
