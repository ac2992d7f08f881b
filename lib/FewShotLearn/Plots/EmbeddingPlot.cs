using Plotly.NET;
using Plotly.NET.CSharp;
using static TorchSharp.torch;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Plots;

/// <summary>Scatter plots of embeddings projected to 2-D by <see cref="Pca"/>, one colour per class.</summary>
public static class EmbeddingPlot
{
    /// <summary>A 2-D PCA scatter of <paramref name="embeddings"/> [N, D], one trace per class (at most <paramref name="maxClasses"/> classes, the first ones).</summary>
    public static GenericChart Scatter(Tensor embeddings, IReadOnlyList<long> labels, IReadOnlyList<string> classNames, string title, int maxClasses = 10)
    {
        if (embeddings.shape[0] != labels.Count) throw new ArgumentException($"{embeddings.shape[0]} embeddings but {labels.Count} labels.");
        using var xy = Pca.Project(embeddings, 2).cpu();
        var pts = xy.data<float>().ToArray();
        var traces = labels.Distinct().Order().Take(maxClasses).Select(c =>
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            return PlotlyChart.Point<double, double, string>(idx.Select(i => (double)pts[2 * i]).ToArray(), idx.Select(i => (double)pts[2 * i + 1]).ToArray(), Name: classNames[(int)c]);
        });
        return Charts.Titled(PlotlyChart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "PC 1")
            .WithYAxisStyle<double, double, string>(TitleText: "PC 2");
    }
}
