using Microsoft.DotNet.Interactive.Formatting;
using FewShotLearn.Plots;
using Plotly.NET;

namespace FewShotLearn.Interactive;

/// <summary>Display formatters for notebooks: charts as interactive Plotly figures.</summary>
public static class Formatters
{
    static int registered;

    /// <summary>Registers every formatter once per session.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.Fragment(chart)), HtmlFormatter.MimeType);
        Formatter.Register<HtmlView>((view, writer) => writer.Write(view.Html), HtmlFormatter.MimeType);
    }
}
