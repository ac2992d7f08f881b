using System.Net;

namespace FewShotLearn.Retrieval;

/// <summary>One image of a gallery: the image [C, H, W] in [0, 1], a caption, and optionally its distance and correctness.</summary>
public sealed record GalleryItem(Tensor Image, string Caption, double? Distance = null, bool? Correct = null);

/// <summary>
/// Renders a query and its ranked results as a self-contained HTML fragment (images inline as base64 PNG, distance under
/// each, green/red border for correct/wrong). Shown by the CLI (<c>fewshot search --html</c>) and notebooks (display as HTML).
/// </summary>
public static class Gallery
{
    /// <summary>The HTML of a query and its results.</summary>
    public static string Html(GalleryItem query, IReadOnlyList<GalleryItem> results, string? title = null, int displaySize = 84)
    {
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif\">");
        if (title is not null) sb.Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3>");
        sb.Append("<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start;gap:8px\">");
        Cell(sb, query, "query", "#1f77b4", displaySize);
        sb.Append("<div style=\"width:2px;align-self:stretch;background:#999;margin:0 6px\"></div>");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var color = r.Correct switch { true => "#2ca02c", false => "#d62728", null => "#bbbbbb" };
            Cell(sb, r, $"#{i + 1}", color, displaySize);
        }
        sb.Append("</div></div>");
        return sb.ToString();
    }

    /// <summary>
    /// Gallery of one search: the query image and the images of the ranked results taken from <paramref name="database"/>
    /// (the images the index was built from, in index order); correctness from <paramref name="queryLabel"/> when known.
    /// </summary>
    public static string Html(Tensor queryImage, string queryCaption, IReadOnlyList<RankedResult> results, Tensor database, long? queryLabel = null, string? title = null, int displaySize = 84)
    {
        var items = results.Select(r => new GalleryItem(database[r.Index], r.Path is null ? r.ClassName : $"{r.ClassName} ({Path.GetFileName(r.Path)})",
            r.Distance, queryLabel is null ? null : r.Label == queryLabel)).ToList();
        return Html(new GalleryItem(queryImage, queryCaption), items, title, displaySize);
    }

    static void Cell(StringBuilder sb, GalleryItem item, string head, string color, int size)
    {
        sb.Append("<figure style=\"margin:0;text-align:center;font-size:11px\">")
          .Append("<div>").Append(WebUtility.HtmlEncode(head)).Append("</div>")
          .Append($"<img src=\"data:image/png;base64,{PngBase64(item.Image, size)}\" width=\"{size}\" height=\"{size}\" ")
          .Append($"style=\"border:4px solid {color};image-rendering:pixelated\"/>")
          .Append("<figcaption>").Append(WebUtility.HtmlEncode(item.Caption));
        if (item.Distance is { } d) sb.Append("<br/>d = ").Append(d.ToString("F3", CultureInfo.InvariantCulture));
        sb.Append("</figcaption></figure>");
    }

    /// <summary>A PNG (base64) of an image [C, H, W] or [1, C, H, W] with values in [0, 1], enlarged to at least <paramref name="size"/> pixels (nearest neighbour).</summary>
    public static string PngBase64(Tensor image, int size = 84)
    {
        var img = image.dim() == 4 ? image[0] : image;
        return Convert.ToBase64String(Plots.Png.FromTensor(img, range: (0, 1), minSide: size));
    }
}
