using Plotly.NET;

namespace FewShotLearn.Interactive;

/// <summary>Renders a Plotly.NET chart as an HTML fragment for a notebook output.</summary>
public static class ChartHtml
{
    /// <summary>A div plus script that draws the chart with the page's Plotly, loading plotly.js only when the page has none.</summary>
    public static string Fragment(GenericChart chart) => GenericChart.toChartHTML(chart);
}
