namespace FewShotLearn.Tests.Notebooks;

public class FormattingTests
{
    [Fact]
    public void SmallTensorsShowAsTablesOfTheirValues()
    {
        var html = TensorHtml.Render(tensor(new float[,] { { 1, 2.5f }, { -3, 4 } }));
        Assert.Contains("tensor [2, 2] Float32", html);
        Assert.Equal(4, html.Split("<td").Length - 1);
        Assert.Contains(">2.5<", html);
        Assert.Contains(">-3<", html);
    }

    [Fact]
    public void LargeMapsShowAsPictures()
    {
        var html = TensorHtml.Render(rand(1, 32, 32));
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("<td", html);
    }

    [Fact]
    public void PngOfAGradientIsAValidImageOfTheEnlargedSize()
    {
        var png = Png.FromTensor(linspace(0, 1, 16).reshape(4, 4), minSide: 8);
        using var image = SixLabors.ImageSharp.Image.Load(png);
        Assert.Equal(8, image.Width);
        Assert.Equal(8, image.Height);
        Assert.Throws<ArgumentException>(() => Png.FromTensor(rand(2, 4, 4)));
    }

    [Fact]
    public void ChartFragmentDrawsWithThePagePlotlyOrLoadsItOnce()
    {
        var chart = Charts.Lines("t", "x", "y", ("a", new double[] { 1, 2 }, new double[] { 3, 4 }));
        var html = ChartFragment.Html(chart);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("if(window.Plotly)", html);
        Assert.Contains("window.requirejs(['fewshot-plotly']", html); // AMD-aware where the page has require.js
        Assert.Contains($"plotly-{PlotlyJs.Version}.min.js", html);
        Assert.Matches(@"\d+\.\d+\.\d+", PlotlyJs.Version);
        Assert.DoesNotContain("<script src=", html);
    }

    [Fact]
    public void PlotlyEmbedHidesTheAmdLoaderWhileItRuns()
    {
        var embed = ChartFragment.PlotlyEmbed();
        Assert.Contains(ChartFragment.EmbedAttribute, embed);
        Assert.Contains("var d=window.define;window.define=undefined;try{", embed);
        Assert.EndsWith("}finally{window.define=d;}})();</script>", embed);
        Assert.Single(embed.Split("</script>").Skip(1)); // the source cannot close the tag early
    }

    [Fact]
    public void InvalidNotebookFileGivesAClearError()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "{ \"not\": \"a notebook\" }");
        var e = Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(file));
        Assert.Contains("not a valid .ipynb", e.Message);
        Assert.Contains("cells", e.Message);
        File.Delete(file);
    }
}
