using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;

namespace FewShotLearn.Plots;

/// <summary>Turns tensors into PNG pictures (ImageSharp): grayscale heatmaps and RGB images.</summary>
public static class Png
{
    /// <summary>
    /// A [H, W] tensor (grayscale, min-max scaled unless <paramref name="range"/> is given) or a [C, H, W]
    /// tensor with C = 1 or 3 as a PNG, enlarged by nearest neighbour so small images stay visible.
    /// </summary>
    public static byte[] FromTensor(Tensor image, (double Min, double Max)? range = null, int minSide = 96)
    {
        using var scope = NewDisposeScope();
        var t = image.detach().cpu().to_type(ScalarType.Float32);
        if (t.dim() == 2) t = t.unsqueeze(0);
        if (t.dim() != 3 || (t.shape[0] != 1 && t.shape[0] != 3))
            throw new ArgumentException($"Expected [H, W] or [C, H, W] with C = 1 or 3; got [{string.Join(", ", image.shape)}].");
        var (lo, hi) = range ?? (t.min().item<float>(), t.max().item<float>());
        var scaled = ((t - lo) / Math.Max(hi - lo, 1e-12)).clamp(0, 1).mul(255).to_type(ScalarType.Byte);
        int c = (int)t.shape[0], h = (int)t.shape[1], w = (int)t.shape[2];
        var bytes = scaled.permute(1, 2, 0).contiguous().data<byte>().ToArray();
        using var img = new Image<Rgb24>(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * c;
                img[x, y] = c == 1 ? new Rgb24(bytes[i], bytes[i], bytes[i]) : new Rgb24(bytes[i], bytes[i + 1], bytes[i + 2]);
            }
        int factor = Math.Max(1, (int)Math.Ceiling(minSide / (double)Math.Max(1, Math.Min(w, h))));
        if (factor > 1) img.Mutate(m => m.Resize(w * factor, h * factor, KnownResamplers.NearestNeighbor));
        using var ms = new MemoryStream();
        img.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>An &lt;img&gt; tag holding the PNG inline (base64), for notebook outputs and HTML pages.</summary>
    public static string ImgTag(byte[] png, string? title = null) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" style=\"image-rendering:pixelated\"" +
        (title == null ? "" : $" title=\"{System.Net.WebUtility.HtmlEncode(title)}\" alt=\"{System.Net.WebUtility.HtmlEncode(title)}\"") + ">";
}
