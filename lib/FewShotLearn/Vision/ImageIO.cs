using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;

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
    /// (give one of them to keep the aspect ratio).</summary>
    public static Tensor Load(string path, ColorMode mode = ColorMode.Rgb, int? width = null, int? height = null, Device? device = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image file '{path}' does not exist. Check the path (relative paths start at {Environment.CurrentDirectory}).", path);
        using var image = LoadImage(path);
        return FromImage(image, mode, width, height, device);
    }

    /// <summary>Decodes encoded image bytes (PNG, JPEG, ...) as [1, C, H, W].</summary>
    public static Tensor FromBytes(byte[] bytes, ColorMode mode = ColorMode.Rgb, int? width = null, int? height = null, Device? device = null)
    {
        using var image = Image.Load<Rgb24>(bytes);
        return FromImage(image, mode, width, height, device);
    }

    static Image<Rgb24> LoadImage(string path)
    {
        try { return Image.Load<Rgb24>(path); }
        catch (UnknownImageFormatException e)
        {
            throw new ArgumentException($"'{path}' is not an image format ImageSharp can read (PNG, JPEG, BMP, GIF, TGA, WebP, TIFF): {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Converts an ImageSharp image to [1, C, H, W] in [0, 1], resizing first when asked.</summary>
    public static Tensor FromImage(Image<Rgb24> image, ColorMode mode = ColorMode.Rgb, int? width = null, int? height = null, Device? device = null)
    {
        if (width is <= 0 || height is <= 0)
            throw new ArgumentException($"Resize target must be positive; got {width}x{height}.");
        Image<Rgb24> source = image;
        if (width is not null || height is not null)
        {
            var w = width ?? (int)Math.Max(1, Math.Round(image.Width * (double)height!.Value / image.Height));
            var h = height ?? (int)Math.Max(1, Math.Round(image.Height * (double)width!.Value / image.Width));
            source = image.Clone(x => x.Resize(w, h));
        }
        try
        {
            int H = source.Height, W = source.Width, C = (int)mode;
            var data = new float[C * H * W];
            source.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < H; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < W; x++)
                    {
                        var p = row[x];
                        if (mode == ColorMode.Gray)
                            data[y * W + x] = (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 255f;
                        else
                        {
                            data[y * W + x] = p.R / 255f;
                            data[H * W + y * W + x] = p.G / 255f;
                            data[2 * H * W + y * W + x] = p.B / 255f;
                        }
                    }
                }
            });
            return tensor(data, new long[] { 1, C, H, W }, dtype: float32, device: device ?? Devices.Default);
        }
        finally
        {
            if (!ReferenceEquals(source, image)) source.Dispose();
        }
    }

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
        var result = new Image<Rgb24>(W, H);
        result.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < H; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < W; x++)
                {
                    byte r = ToByte(data[y * W + x]);
                    row[x] = C == 1 ? new Rgb24(r, r, r)
                        : new Rgb24(r, ToByte(data[H * W + y * W + x]), ToByte(data[2 * H * W + y * W + x]));
                }
            }
        });
        return result;
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

    /// <summary>Writes an image tensor as a PNG file.</summary>
    public static void SavePng(Tensor image, string path, bool normalize = false) => File.WriteAllBytes(path, ToPng(image, normalize));
}
