using System.Text.Json;

namespace FewShotLearn.Vision.Widgets;

/// <summary>
/// Shared pieces of the course's interactive HTML widgets (kernel editor, sliding window, feature-map viewer): unique
/// element ids, the diverging colour map in C# and JavaScript, and JSON/base64 encoding of pixel data. A widget is one
/// self-contained HTML fragment (markup + an inline script); it needs no kernel round trip, so it works in VS Code, in
/// Jupyter and in the offline HTML pages alike.
/// </summary>
public static class WidgetHtml
{
    static int counter;

    /// <summary>A page-unique element id prefix (a widget may be shown several times in one page).</summary>
    public static string NewId(string kind) => $"fsl-{kind}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The diverging colour map (blue for negative, white for 0, red for positive) as RGB bytes, for
    /// <paramref name="t"/> in [-1, 1] (clamped): the same map as <see cref="DivergingJs"/>.</summary>
    public static (byte R, byte G, byte B) Diverging(double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, -1, 1);
        // RdBu end points and white in the middle.
        (double r, double g, double b) neg = (33, 102, 172), mid = (247, 247, 247), pos = (178, 24, 43);
        var (a, z, u) = t < 0 ? (mid, neg, -t) : (mid, pos, t);
        return ((byte)Math.Round(a.r + (z.r - a.r) * u), (byte)Math.Round(a.g + (z.g - a.g) * u), (byte)Math.Round(a.b + (z.b - a.b) * u));
    }

    /// <summary>JavaScript function <c>fslDiverging(t)</c> returning [r, g, b] for t in [-1, 1], identical to <see cref="Diverging"/>.</summary>
    public const string DivergingJs =
        "function fslDiverging(t){if(!(t===t))t=0;t=Math.max(-1,Math.min(1,t));var a=[247,247,247],z=t<0?[33,102,172]:[178,24,43],u=Math.abs(t);" +
        "return [Math.round(a[0]+(z[0]-a[0])*u),Math.round(a[1]+(z[1]-a[1])*u),Math.round(a[2]+(z[2]-a[2])*u)];}";

    /// <summary>CSS colour of a value in [-1, 1] on the diverging map.</summary>
    public static string DivergingCss(double t)
    {
        var (r, g, b) = Diverging(t);
        return $"rgb({r},{g},{b})";
    }

    /// <summary>An image [C, H, W] or [1, C, H, W] (C = 1 or 3, values in [0, 1]) as interleaved bytes (HWC), base64.</summary>
    public static (string Base64, int Channels, int Height, int Width) ImageBytes(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = image.dim() == 4 ? image[0] : image;
        if (x.dim() != 3 || (x.shape[0] != 1 && x.shape[0] != 3))
            throw new ArgumentException($"Expected an image [C, H, W] with 1 or 3 channels; got [{string.Join(", ", image.shape)}].", nameof(image));
        var bytes = (x.detach().cpu().to(float32).clamp(0, 1) * 255).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous().data<byte>().ToArray();
        return (Convert.ToBase64String(bytes), (int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
    }

    /// <summary>JSON of a value (numbers with invariant culture), safe inside a script element.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value).Replace("</", "<\\/", StringComparison.Ordinal);

    /// <summary>A number for JavaScript or HTML attributes (invariant culture, round-trip).</summary>
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The rows of a 2-D array as nested arrays (for JSON).</summary>
    public static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(y => Enumerable.Range(0, m.GetLength(1)).Select(x => m[y, x]).ToArray()).ToArray();

    /// <summary>A small matrix as a square HTML grid of coloured cells (diverging map, symmetric around 0 with the matrix's
    /// largest |value|), optionally with the values written in; every cell is <paramref name="cell"/> px square.</summary>
    public static string SquareMatrix(double[,] m, string? caption = null, int cell = 22, bool values = true, double? scale = null)
    {
        int h = m.GetLength(0), w = m.GetLength(1);
        double max = scale ?? Math.Max(1e-12, m.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder("<figure style=\"display:inline-block;margin:4px 8px;text-align:center;vertical-align:top\">");
        sb.Append($"<div style=\"display:grid;grid-template-columns:repeat({w},{cell}px);grid-auto-rows:{cell}px;gap:1px;background:#999;border:1px solid #999\">");
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double v = m[y, x];
                var text = values ? v.ToString(Math.Abs(v) >= 10 || v == Math.Round(v) ? "0" : "0.00", CultureInfo.InvariantCulture) : "";
                sb.Append($"<div title=\"{Number(v)}\" style=\"background:{DivergingCss(v / max)};font:{Math.Max(7, cell / 3)}px monospace;display:flex;align-items:center;justify-content:center;overflow:hidden\">{text}</div>");
            }
        sb.Append("</div>");
        if (caption is not null) sb.Append($"<figcaption style=\"font-size:11px;max-width:{Math.Max(w * (cell + 1), 60)}px\">{System.Net.WebUtility.HtmlEncode(caption)}</figcaption>");
        return sb.Append("</figure>").ToString();
    }

    /// <summary>A legend bar of the diverging map from -<paramref name="max"/> (blue) through 0 (white) to +<paramref name="max"/> (red).</summary>
    public static string DivergingLegend(string? label = null, double? max = null)
    {
        var lo = max is double m ? $"−{m:G3}" : "negative";
        var hi = max is double n ? $"+{n:G3}" : "positive";
        return $"<div style=\"font-size:11px;margin:4px 0\">{System.Net.WebUtility.HtmlEncode(label ?? "")} {lo} " +
               "<span style=\"display:inline-block;width:120px;height:10px;vertical-align:middle;background:linear-gradient(to right,rgb(33,102,172),rgb(247,247,247),rgb(178,24,43))\"></span>" +
               $" {hi} (white = 0)</div>";
    }
}
