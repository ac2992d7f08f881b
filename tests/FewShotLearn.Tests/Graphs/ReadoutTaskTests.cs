namespace FewShotLearn.Tests.Graphs;

public class ReadoutTaskTests
{
    [Fact]
    public void ReadoutsDifferOnTheTasksBuiltToTellThemApart()
    {
        var rows = ReadoutComparison.Run([ReadoutTasks.Size(seed: 3), ReadoutTasks.Marker(seed: 3)], seed: 3);
        foreach (var r in rows) Console.WriteLine(r);
        var size = rows.Single(r => r.Task == "size");
        // Every ring node looks alike: mean and max of identical vectors do not depend on the size, so they guess.
        Assert.InRange(size.Mean, 0.0, 0.7);
        Assert.InRange(size.Max, 0.0, 0.7);
        Assert.True(size.Sum >= 0.9, $"sum readout should count the nodes, got {size.Sum}");
        Assert.Equal("sum", size.Best);
        var marker = rows.Single(r => r.Task == "marker");
        // One strong node among weak ones: the max keeps it whatever the size (the ReLU before the readout lets the sum
        // and the mean threshold it too, so they may tie).
        Assert.True(marker.Max >= 0.9, $"max readout should find the marked node, got {marker.Max}");
    }

    [Fact]
    public void ExplanationNamesTheBestAndWorstFromTheNumbers()
    {
        var row = ReadoutComparison.Explain("t", new Dictionary<ReadoutKind, double> { [ReadoutKind.Mean] = 0.5, [ReadoutKind.Sum] = 0.98, [ReadoutKind.Max] = 0.52 });
        Assert.Equal("sum", row.Best);
        Assert.StartsWith("sum 0.98 vs mean 0.50", row.Why);
        var tie = ReadoutComparison.Explain("t", new Dictionary<ReadoutKind, double> { [ReadoutKind.Mean] = 0.97, [ReadoutKind.Sum] = 0.99, [ReadoutKind.Max] = 0.98 });
        Assert.Equal("none clearly", tie.Best);
    }

    [Fact]
    public void SizeTaskGraphsDifferOnlyInSize()
    {
        var task = ReadoutTasks.Size(perClass: 10, seed: 1);
        Assert.All(task.Train.Concat(task.Test), t => Assert.Equal(t.Label == 1, t.Graph.NodeCount >= 14));
        Assert.All(task.Train.Concat(task.Test), t => Assert.InRange(t.Graph.NodeCount, 6, 20));
        var node = task.Train[0].Graph.Features![0].data<float>().ToArray();
        Assert.All(task.Train, t => Assert.Equal(node, t.Graph.Features![^1].data<float>().ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadoutTasks.Marker(noise: 1.5));
    }
}
