using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Plots;

/// <summary>Scatter plots of embeddings projected to 2-D by <see cref="Pca"/>, one colour per class.</summary>
public static class EmbeddingPlot
{
    /// <summary>24 distinguishable colours (Plotly's Dark24), so up to 24 classes get a colour of their own.</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#2E91E5", "#E15F99", "#1CA71C", "#FB0D0D", "#DA16FF", "#222A2A", "#B68100", "#750D86", "#EB663B", "#511CFB", "#00A08B", "#FB00D1",
        "#FC0080", "#B2828D", "#6C7C32", "#778AAE", "#862A16", "#A777F1", "#620042", "#1616A7", "#DA60CA", "#6C4516", "#0D2A63", "#AF0038",
    ];

    /// <summary>
    /// A 2-D PCA scatter of <paramref name="embeddings"/> [N, D], one trace (and colour) per class. Every class is shown
    /// unless <paramref name="maxClasses"/> limits them; then the first ones are shown and the title says how many of how many.
    /// The PCA is computed on all points either way.
    /// </summary>
    public static GenericChart Scatter(Tensor embeddings, IReadOnlyList<long> labels, IReadOnlyList<string> classNames, string title, int? maxClasses = null)
    {
        if (embeddings.shape[0] != labels.Count) throw new ArgumentException($"{embeddings.shape[0]} embeddings but {labels.Count} labels.");
        if (maxClasses is < 1) throw new ArgumentOutOfRangeException(nameof(maxClasses), "Show at least one class (or null for all).");
        using var xy = Pca.Project(embeddings, 2).cpu();
        var pts = xy.data<float>().ToArray();
        var classes = labels.Distinct().Order().ToList();
        var shown = classes.Take(maxClasses ?? classes.Count).ToList();
        var traces = shown.Select((c, k) =>
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            return PlotlyChart.Point<double, double, string>(idx.Select(i => (double)pts[2 * i]).ToArray(), idx.Select(i => (double)pts[2 * i + 1]).ToArray(),
                Name: classNames[(int)c], MarkerColor: Color.fromString(Palette[k % Palette.Count]));
        });
        var fullTitle = shown.Count < classes.Count ? $"{title} (first {shown.Count} of {classes.Count} classes shown)" : title;
        return Charts.Titled(PlotlyChart.Combine(traces), fullTitle)
            .WithXAxisStyle<double, double, string>(TitleText: "PC 1")
            .WithYAxisStyle<double, double, string>(TitleText: "PC 2");
    }
}
