using System.Net;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FewShotLearn.Vision;

/// <summary>Tiles several image tensors into one picture (PNG) or into an HTML grid with a caption under each.</summary>
public static class ImageGrid
{
    /// <summary>One picture: images in rows of <paramref name="columns"/>, each cell scaled to <paramref name="cellSize"/> px
    /// (nearest neighbour, so pixels stay visible), separated by <paramref name="gap"/> white pixels.</summary>
    public static Image<Rgb24> Compose(IReadOnlyList<Tensor> images, int columns = 4, int cellSize = 96, int gap = 2, bool normalize = false)
    {
        if (images.Count == 0) throw new ArgumentException("ImageGrid needs at least one image.", nameof(images));
        if (columns <= 0 || cellSize <= 0 || gap < 0) throw new ArgumentException($"columns and cellSize must be positive, gap >= 0; got {columns}, {cellSize}, {gap}.");
        columns = Math.Min(columns, images.Count);
        int rows = (images.Count + columns - 1) / columns;
        var canvas = new Image<Rgb24>(columns * cellSize + (columns + 1) * gap, rows * cellSize + (rows + 1) * gap, new Rgb24(255, 255, 255));
        for (int i = 0; i < images.Count; i++)
        {
            using var cell = Scaled(images[i], cellSize, normalize);
            int x = gap + (i % columns) * (cellSize + gap) + (cellSize - cell.Width) / 2;
            int y = gap + (i / columns) * (cellSize + gap) + (cellSize - cell.Height) / 2;
            canvas.Mutate(c => c.DrawImage(cell, new Point(x, y), 1f));
        }
        return canvas;
    }

    /// <summary>The tiled picture as PNG bytes.</summary>
    public static byte[] ToPng(IReadOnlyList<Tensor> images, int columns = 4, int cellSize = 96, int gap = 2, bool normalize = false)
    {
        using var img = Compose(images, columns, cellSize, gap, normalize);
        return ImageIO.EncodePng(img);
    }

    /// <summary>An HTML grid of PNG images (inline data URLs) with optional captions: what notebooks display.</summary>
    public static HtmlView ToHtml(IReadOnlyList<Tensor> images, IReadOnlyList<string>? labels = null, int columns = 4, int cellSize = 96,
        bool normalize = false, string? title = null) => ToHtml(images, labels, columns, cellSize, normalize, title, signed: null);

    /// <summary>As <see cref="ToHtml(IReadOnlyList{Tensor}, IReadOnlyList{string}?, int, int, bool, string?)"/>; images whose
    /// <paramref name="signed"/> entry is true are drawn on the diverging map (blue &lt; 0 &lt; red, see <see cref="ImageIO.ToSignedImage"/>).</summary>
    public static HtmlView ToHtml(IReadOnlyList<Tensor> images, IReadOnlyList<string>? labels, int columns, int cellSize,
        bool normalize, string? title, IReadOnlyList<bool>? signed)
    {
        if (signed is not null && signed.Count != images.Count)
            throw new ArgumentException($"{images.Count} images but {signed.Count} signed flags.", nameof(signed));
        if (labels is not null && labels.Count != images.Count)
            throw new ArgumentException($"{images.Count} images but {labels.Count} labels; give one label per image or none.", nameof(labels));
        var sb = new StringBuilder();
        if (title is not null) sb.Append($"<div style=\"font-weight:bold;margin:4px 0\">{WebUtility.HtmlEncode(title)}</div>");
        sb.Append($"<div style=\"display:grid;grid-template-columns:repeat({Math.Max(1, Math.Min(columns, images.Count))},{cellSize + 8}px);gap:6px\">");
        for (int i = 0; i < images.Count; i++)
        {
            using var cell = Scaled(images[i], cellSize, normalize, signed?[i] == true);
            var b64 = Convert.ToBase64String(ImageIO.EncodePng(cell));
            sb.Append("<figure style=\"margin:0;text-align:center\">");
            sb.Append($"<img style=\"image-rendering:pixelated\" width=\"{cell.Width}\" height=\"{cell.Height}\" src=\"data:image/png;base64,{b64}\"/>");
            if (labels is not null) sb.Append($"<figcaption style=\"font-size:11px\">{WebUtility.HtmlEncode(labels[i])}</figcaption>");
            sb.Append("</figure>");
        }
        sb.Append("</div>");
        if (signed?.Any(v => v) == true) sb.Append(Widgets.WidgetHtml.DivergingLegend("signed maps:"));
        return new HtmlView(sb.ToString());
    }

    static Image<Rgb24> Scaled(Tensor image, int cellSize, bool normalize, bool signed = false)
    {
        var img = signed ? ImageIO.ToSignedImage(image) : ImageIO.ToImage(image, normalize);
        double s = (double)cellSize / Math.Max(img.Width, img.Height);
        int w = Math.Max(1, (int)Math.Round(img.Width * s)), h = Math.Max(1, (int)Math.Round(img.Height * s));
        img.Mutate(c => c.Resize(w, h, s >= 1 ? KnownResamplers.NearestNeighbor : KnownResamplers.Bicubic));
        return img;
    }
}
