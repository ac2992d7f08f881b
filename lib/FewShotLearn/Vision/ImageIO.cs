using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FewShotLearn.Vision;

/// <summary>How many colour channels a loaded image gets.</summary>
public enum ColorMode
{
    /// <summary>One luminance channel.</summary>
    Gray = 1,
    /// <summary>Three channels: red, green, blue.</summary>
    Rgb = 3,
}

/// <summary>
/// Converts between photos (any format ImageSharp reads: PNG, JPEG, BMP, GIF, TGA, WebP...) and
/// float32 tensors [1, C, H, W] with values in [0, 1].
/// </summary>
public static class ImageIO
{
    /// <summary>Loads a photo file as [1, C, H, W]; optionally resized to <paramref name="width"/> x <paramref name="height"/>
    /// (give one of them to keep the aspect ratio). Decoded by <see cref="ImageDecoder"/>: pixel cap, EXIF orientation,
    /// alpha composited on black, BT.601 gray.</summary>
    public static Tensor Load(string path, ColorMode mode = ColorMode.Rgb, int? width = null, int? height = null, Device? device = null) =>
        ToTensor(ImageDecoder.Decode(path, (int)mode, width, height), device);

    /// <summary>Decodes encoded image bytes (PNG, JPEG, ...) as [1, C, H, W], like <see cref="Load"/>.</summary>
    public static Tensor FromBytes(byte[] bytes, ColorMode mode = ColorMode.Rgb, int? width = null, int? height = null, Device? device = null) =>
        ToTensor(ImageDecoder.Decode(bytes, (int)mode, width, height), device);

    static Tensor ToTensor(DecodedImage image, Device? device) =>
        tensor(image.Pixels, new long[] { 1, image.Channels, image.Height, image.Width }, dtype: float32, device: device ?? Devices.Default);

    /// <summary>Converts [1, C, H, W], [C, H, W] or [H, W] (C = 1 or 3) to an RGB image; values are clamped to [0, 1],
    /// or first stretched from their min..max when <paramref name="normalize"/> is set.</summary>
    public static Image<Rgb24> ToImage(Tensor image, bool normalize = false)
    {
        using var scope = NewDisposeScope();
        var t = image.detach().to(CPU).to_type(float32);
        if (t.dim() == 4)
        {
            if (t.shape[0] != 1) throw new ArgumentException($"ToImage takes one image; got a batch of {t.shape[0]} (index it first, e.g. images[i]).");
            t = t[0];
        }
        if (t.dim() == 2) t = t.unsqueeze(0);
        if (t.dim() != 3 || (t.shape[0] != 1 && t.shape[0] != 3))
            throw new ArgumentException($"ToImage expects [1,C,H,W], [C,H,W] or [H,W] with C = 1 or 3; got shape [{string.Join(", ", image.shape)}].");
        if (normalize)
        {
            var min = t.min(); var max = t.max();
            t = (t - min) / (max - min).clamp_min(1e-12);
        }
        t = t.clamp(0, 1);
        int C = (int)t.shape[0], H = (int)t.shape[1], W = (int)t.shape[2];
        var data = t.contiguous().data<float>().ToArray();
        return Pixels(W, H, (x, y) =>
        {
            byte r = ToByte(data[y * W + x]);
            return C == 1 ? new Rgb24(r, r, r) : new Rgb24(r, ToByte(data[H * W + y * W + x]), ToByte(data[2 * H * W + y * W + x]));
        });
    }

    /// <summary>A signed map ([1, C, H, W], [C, H, W] or [H, W]; channels averaged) on the diverging colour map: blue for
    /// negative, white for 0, red for positive, scaled so that ±<paramref name="scale"/> (default: the largest |value|)
    /// is full colour (default <see cref="SignedScale"/>). Used for responses such as an edge detector's, which clamping to [0, 1] would mostly hide.</summary>
    public static Image<Rgb24> ToSignedImage(Tensor map, double? scale = null)
    {
        using var scope = NewDisposeScope();
        var t = map.detach().to(CPU).to_type(float32);
        if (t.dim() == 4) t = t[0];
        if (t.dim() == 3) t = t.mean(new long[] { 0 });
        if (t.dim() != 2) throw new ArgumentException($"ToSignedImage expects [1,C,H,W], [C,H,W] or [H,W]; got shape [{string.Join(", ", map.shape)}].");
        double m = scale ?? SignedScale(t);
        int H = (int)t.shape[0], W = (int)t.shape[1];
        var data = t.contiguous().data<float>().ToArray();
        return Pixels(W, H, (x, y) =>
        {
            var (r, g, b) = Widgets.WidgetHtml.Diverging(data[y * W + x] / m);
            return new Rgb24(r, g, b);
        });
    }

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> RGB image whose pixel (x, y) is <paramref name="pixel"/>(x, y), row by row.</summary>
    static Image<Rgb24> Pixels(int width, int height, Func<int, int, Rgb24> pixel)
    {
        var result = new Image<Rgb24>(width, height);
        result.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++) row[x] = pixel(x, y);
            }
        });
        return result;
    }

    /// <summary>The display scale of a signed map: the 99th percentile of |value| (so a few extreme pixels, such as the
    /// strong responses zero padding causes at an image's border, do not wash the rest out; they saturate instead).</summary>
    public static double SignedScale(Tensor map)
    {
        using var scope = NewDisposeScope();
        var a = map.detach().to(CPU).to_type(float32).abs().flatten();
        var sorted = a.sort().Values;
        long n = sorted.shape[0];
        double q = n == 0 ? 0 : sorted[(long)Math.Min(n - 1, Math.Floor(0.99 * (n - 1)))].item<float>();
        if (!(q > 1e-12)) q = n == 0 ? 0 : a.max().item<float>();
        return Math.Max(1e-12, q);
    }

    static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);

    /// <summary>Encodes an image tensor as PNG bytes (see <see cref="ToImage"/> for accepted shapes).</summary>
    public static byte[] ToPng(Tensor image, bool normalize = false)
    {
        using var img = ToImage(image, normalize);
        return EncodePng(img);
    }

    /// <summary>Encodes an ImageSharp image as PNG bytes.</summary>
    public static byte[] EncodePng(Image image)
    {
        using var ms = new MemoryStream();
        image.Save(ms, new PngEncoder());
        return ms.ToArray();
    }
}
