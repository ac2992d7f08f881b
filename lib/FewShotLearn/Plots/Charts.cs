using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Plots;

/// <summary>Small chart builders shared by notebooks and the CLI (Plotly.NET underneath).</summary>
public static class Charts
{
    /// <summary>A line chart of one or more named series over a shared x axis.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series)
    {
        var traces = series.Select(s => PlotlyChart.Line<double, double, string>(s.X, s.Y, Name: s.Name, ShowMarkers: false));
        return Titled(PlotlyChart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }

    /// <summary>A line chart of one or more named series over steps 1, 2, ... (the x axis of training curves).</summary>
    public static GenericChart Curves(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> Y)[] series) =>
        Lines(title, xTitle, yTitle, series.Select(s => (s.Name, (IReadOnlyList<double>)Enumerable.Range(1, s.Y.Count).Select(i => (double)i).ToArray(), s.Y)).ToArray());

    /// <summary>The chart with a title (Plotly.NET.CSharp has no title extension).</summary>
    public static GenericChart Titled(GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
