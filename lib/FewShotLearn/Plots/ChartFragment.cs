using System.Text.RegularExpressions;
using Plotly.NET;

namespace FewShotLearn.Plots;

/// <summary>
/// A chart as an HTML fragment for notebook outputs and pages: a div and a script that draws it with the
/// page's plotly.js. Pages written by the project embed plotly.js (offline); inside VS Code, where the
/// output has no plotly.js yet, the script loads it once and then draws.
/// </summary>
public static class ChartFragment
{
    /// <summary>The fragment for one chart.</summary>
    public static string Html(GenericChart chart)
    {
        var html = GenericChart.toChartHTML(chart);
        var call = Regex.Match(html, @"renderPlotly_[0-9a-f]+\(\);");
        if (!call.Success) return html;
        var version = Notebooks.PlotlyJs.Version;
        var loader = "(function(r){if(window.Plotly){r();return;}" +
                     "var q=window.__fslPlotlyQueue=window.__fslPlotlyQueue||[];q.push(r);if(q.length>1)return;" +
                     "var s=document.createElement('script');" +
                     $"s.src='https://cdn.plot.ly/plotly-{version}.min.js';" +
                     "s.onload=function(){q.forEach(function(f){f();});q.length=0;};document.head.appendChild(s);})" +
                     $"({call.Value.TrimEnd(';').Replace("()", "")});";
        return html.Remove(call.Index, call.Length).Insert(call.Index, loader);
    }
}
