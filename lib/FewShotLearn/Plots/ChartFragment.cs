using System.Text.RegularExpressions;
using Plotly.NET;

namespace FewShotLearn.Plots;

/// <summary>
/// A chart as an HTML fragment for notebook outputs and pages: a div and a script that draws it with the page's
/// plotly.js. Where does plotly.js come from?
/// <list type="bullet">
/// <item>Pages written by <c>fewshot notebooks run</c> load the copy beside them (<see cref="PlotlyJs.FileName"/>).</item>
/// <item>In Jupyter (classic Notebook, nbconvert's HTML) <see cref="PlotlyEmbed"/> is shown once per notebook by the
/// setup cell: plotly.js inline, run with the page's AMD <c>define</c> hidden so it sets <c>window.Plotly</c> instead
/// of registering an anonymous module (which require.js rejects: "Mismatched anonymous define() module").</item>
/// <item>Elsewhere (VS Code) the fragment loads plotly.js once from the CDN: through require.js when the page has it,
/// else with a script tag; charts drawn before it arrives wait in one queue.</item>
/// </list>
/// </summary>
public static class ChartFragment
{
    /// <summary>The attribute that marks the inline plotly.js output (so the project's own pages can drop it).</summary>
    public const string EmbedAttribute = "data-fewshot-plotly";

    /// <summary>The fragment for one chart.</summary>
    public static string Html(GenericChart chart)
    {
        var html = GenericChart.toChartHTML(chart);
        var call = Regex.Match(html, @"renderPlotly_[0-9a-f]+\(\);");
        if (!call.Success) return html;
        var cdn = PlotlyJs.CdnUrl;
        var loader = "(function(r){if(window.Plotly){r();return;}" +
                     "var q=window.__fslPlotlyQueue=window.__fslPlotlyQueue||[];q.push(r);if(q.length>1)return;" +
                     "var done=function(P){if(P&&!window.Plotly)window.Plotly=P;q.splice(0).forEach(function(f){f();});};" +
                     "if(typeof window.requirejs==='function'&&typeof window.define==='function'&&window.define.amd){" +
                     $"window.requirejs.config({{paths:{{'fewshot-plotly':'{cdn[..^3]}'}}}});window.requirejs(['fewshot-plotly'],done);return;}}" +
                     $"var s=document.createElement('script');s.src='{cdn}';s.onload=function(){{done();}};document.head.appendChild(s);}})" +
                     $"({call.Value.TrimEnd(';').Replace("()", "")});";
        return html.Remove(call.Index, call.Length).Insert(call.Index, loader);
    }

    /// <summary>
    /// plotly.js inline, for pages that have no copy of it (Jupyter): sets <c>window.Plotly</c> once, with an AMD
    /// loader on the page or without, so later chart fragments draw with no network. About 3.6 MB.
    /// </summary>
    public static string PlotlyEmbed() =>
        $"<script type=\"text/javascript\" {EmbedAttribute}=\"{PlotlyJs.Version}\">(function(){{if(window.Plotly)return;" +
        "var d=window.define;window.define=undefined;try{" +
        PlotlyJs.Source.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
        "\n}finally{window.define=d;}})();</script>";
}
