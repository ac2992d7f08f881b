using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using SixLabors.ImageSharp;

namespace FewShotLearn.Interactive;

/// <summary>Display formatters for notebooks: charts as interactive Plotly figures, tensors as tables or heatmaps, images as pictures.</summary>
public static class Formatters
{
    static int registered;

    /// <summary>Registers every formatter once per session.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartFragment.Html(chart)), HtmlFormatter.MimeType);
        Formatter.Register<HtmlView>((view, writer) => writer.Write(view.Html), HtmlFormatter.MimeType);
        Formatter.Register<Tensor>((t, writer) => writer.Write(TensorHtml.Render(t)), HtmlFormatter.MimeType);
        Formatter.Register<Image>((image, writer) => writer.Write(Png.ImgTag(ImageIO.EncodePng(image))), HtmlFormatter.MimeType);
        TableFormatter.Register();
    }
}
