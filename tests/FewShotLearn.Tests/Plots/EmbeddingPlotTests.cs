namespace FewShotLearn.Tests.Plots;

public class EmbeddingPlotTests
{
    [Fact]
    public void ScatterShowsEveryClassOrSaysWhichAreShown()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"class-{i:00}").ToList();
        var labels = Enumerable.Range(0, 60).Select(i => (long)(i % 12)).ToList();
        manual_seed(1);
        using var emb = randn(60, 8);

        var all = ChartFragment.Html(EmbeddingPlot.Scatter(emb, labels, names, "all"));
        Assert.All(names, n => Assert.Contains($"\"{n}\"", all));
        Assert.Contains(EmbeddingPlot.Palette[11], all);   // the 11th and 12th classes get colours of their own

        var limited = ChartFragment.Html(EmbeddingPlot.Scatter(emb, labels, names, "some", maxClasses: 10));
        Assert.DoesNotContain("\"class-11\"", limited);
        Assert.Contains("first 10 of 12 classes shown", limited);
    }
}
