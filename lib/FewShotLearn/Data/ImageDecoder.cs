using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FewShotLearn.Data;

/// <summary>Decoded pixels: <see cref="Channels"/> planes of <see cref="Height"/> x <see cref="Width"/> floats in [0, 1] (CHW order).</summary>
public sealed record DecodedImage(float[] Pixels, int Channels, int Width, int Height);

/// <summary>
/// The one image decoder of the library (image folders, query files, notebook photos all decode here, with ImageSharp), so
/// a file decodes to the same numbers wherever it is read:
/// <list type="bullet">
/// <item>the header is read first (<see cref="Identify"/>) and an image of more than <see cref="MaxPixels"/> pixels is refused
/// before any pixel is decoded (default <see cref="DefaultMaxPixels"/>; override with the environment variable
/// <see cref="MaxPixelsVariable"/> or by setting <see cref="MaxPixels"/>);</item>
/// <item>EXIF orientation is applied (a photo taken rotated is decoded upright);</item>
/// <item>resizing (when asked) happens on the RGBA image, bicubic;</item>
/// <item>alpha is composited on black: a pixel's colour is multiplied by its opacity, so transparent pixels are 0 (the
/// background of MNIST-style data) and opaque pixels are unchanged;</item>
/// <item>grayscale is luma by ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B.</item>
/// </list>
/// </summary>
public static class ImageDecoder
{
    /// <summary>Default cap on pixels per image: 40 megapixels (e.g. 8000 x 5000; 160 MB while decoding).</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>Environment variable that overrides <see cref="DefaultMaxPixels"/> (a positive integer).</summary>
    public const string MaxPixelsVariable = "FEWSHOT_MAX_IMAGE_PIXELS";

    /// <summary>Images decoded at once by folder readers: bounds decoding memory to this many times <see cref="MaxPixels"/> x 4 bytes.</summary>
    public static int MaxParallelDecodes => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The pixel cap in force: set here, else <see cref="MaxPixelsVariable"/>, else <see cref="DefaultMaxPixels"/>.</summary>
    public static long MaxPixels
    {
        get => maxPixels ?? (long.TryParse(Environment.GetEnvironmentVariable(MaxPixelsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : DefaultMaxPixels);
        set => maxPixels = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The pixel cap must be positive.");
    }

    static long? maxPixels;

    /// <summary>Grayscale weights of R, G and B (ITU-R BT.601 luma).</summary>
    public static readonly (float R, float G, float B) LumaWeights = (0.299f, 0.587f, 0.114f);

    /// <summary>Width and height from the file's header (before EXIF rotation), refusing unreadable files and images over <see cref="MaxPixels"/>.</summary>
    public static (int Width, int Height) Identify(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(Directory.Exists(path)
                ? $"'{path}' is a folder, not an image file; give the path of an image (png, jpg, bmp, gif, tga, webp, tiff)."
                : $"Image file '{path}' does not exist. Check the path (relative paths start at {Environment.CurrentDirectory}).", path);
        return CheckHeader(() => Image.Identify(path), path);
    }

    /// <summary>Decodes an image file with <paramref name="channels"/> (1 = gray, 3 = RGB), resized to <paramref name="width"/> x
    /// <paramref name="height"/> when given (one of them alone keeps the aspect ratio).</summary>
    public static DecodedImage Decode(string path, int channels, int? width = null, int? height = null)
    {
        Identify(path);
        return Guard(() => { using var image = Image.Load<Rgba32>(path); return Convert(image, channels, width, height); }, path);
    }

    /// <summary>Decodes encoded image bytes (PNG, JPEG, ...) like <see cref="Decode(string, int, int?, int?)"/>.</summary>
    public static DecodedImage Decode(byte[] bytes, int channels, int? width = null, int? height = null, string name = "the image bytes")
    {
        CheckHeader(() => Image.Identify(bytes), name);
        return Guard(() => { using var image = Image.Load<Rgba32>(bytes); return Convert(image, channels, width, height); }, name);
    }

    static (int, int) CheckHeader(Func<IImageInfo?> identify, string name)
    {
        var info = Guard<IImageInfo?>(identify, name)
            ?? throw new InvalidDataException($"'{name}' is not an image format ImageSharp can read (PNG, JPEG, BMP, GIF, TGA, WebP, TIFF); convert it to PNG.");
        var pixels = (long)info.Width * info.Height;
        if (pixels > MaxPixels)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{name}' is {info.Width} x {info.Height} = {pixels:N0} pixels, more than the cap of {MaxPixels:N0} per image; ") +
                $"shrink the image, or raise the cap with the environment variable {MaxPixelsVariable} (e.g. {MaxPixelsVariable}={Math.Max(pixels, MaxPixels + 1)}).");
        return (info.Width, info.Height);
    }

    static T Guard<T>(Func<T> work, string name)
    {
        try { return work(); }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            throw new InvalidDataException($"'{name}' is not a readable image ({e.Message}); remove it or convert it to PNG.", e);
        }
    }

    static DecodedImage Convert(Image<Rgba32> image, int channels, int? width, int? height)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"Images are decoded with 1 (gray) or 3 (RGB) channels; got {channels}.");
        if (width is <= 0 || height is <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"The resize target must be positive; got {width}x{height}.");
        image.Mutate(x => x.AutoOrient());
        if (width is not null || height is not null)
        {
            var w = width ?? (int)Math.Max(1, Math.Round(image.Width * (double)height!.Value / image.Height));
            var h = height ?? (int)Math.Max(1, Math.Round(image.Height * (double)width!.Value / image.Width));
            if ((long)w * h > MaxPixels)
                throw new ArgumentOutOfRangeException(nameof(width), $"Resizing to {w} x {h} exceeds the cap of {MaxPixels} pixels per image ({MaxPixelsVariable}).");
            if (w != image.Width || h != image.Height) image.Mutate(x => x.Resize(w, h));
        }
        int W = image.Width, H = image.Height, plane = W * H;
        var data = new float[channels * plane];
        var (wr, wg, wb) = LumaWeights;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < H; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < W; x++)
                {
                    var p = row[x];
                    var scale = p.A / (255f * 255f);   // composite on black, then to [0, 1]
                    var i = y * W + x;
                    if (channels == 1) data[i] = (wr * p.R + wg * p.G + wb * p.B) * scale;
                    else
                    {
                        data[i] = p.R * scale;
                        data[plane + i] = p.G * scale;
                        data[2 * plane + i] = p.B * scale;
                    }
                }
            }
        });
        return new DecodedImage(data, channels, W, H);
    }
}
