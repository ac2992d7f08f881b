using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace FewShotLearn.Plots;

/// <summary>Pictures for notebook outputs and HTML pages: tensors as enlarged PNGs (heatmaps or images) and inline &lt;img&gt; tags.</summary>
public static class Png
{
    /// <summary>
    /// A [H, W] or [C, H, W] tensor (C = 1 or 3) as a PNG: values scaled from <paramref name="range"/> (default: the
    /// tensor's own min..max) to black..white, enlarged by nearest neighbour so small images stay visible.
    /// </summary>
    public static byte[] FromTensor(Tensor image, (double Min, double Max)? range = null, int minSide = 96)
    {
        using var scope = NewDisposeScope();
        var t = image.detach().cpu().to_type(ScalarType.Float32);
        if (range is var (lo, hi)) t = (t - lo) / Math.Max(hi - lo, 1e-12);
        using var img = ImageIO.ToImage(t, normalize: range == null);
        int factor = Math.Max(1, (int)Math.Ceiling(minSide / (double)Math.Max(1, Math.Min(img.Width, img.Height))));
        if (factor > 1) img.Mutate(m => m.Resize(img.Width * factor, img.Height * factor, KnownResamplers.NearestNeighbor));
        return ImageIO.EncodePng(img);
    }

    /// <summary>An &lt;img&gt; tag holding the PNG inline (base64), for notebook outputs and HTML pages.</summary>
    public static string ImgTag(byte[] png, string? title = null) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" style=\"image-rendering:pixelated\"" +
        (title == null ? "" : $" title=\"{System.Net.WebUtility.HtmlEncode(title)}\" alt=\"{System.Net.WebUtility.HtmlEncode(title)}\"") + ">";
}
