using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;

namespace FewShotLearn.Data;

/// <summary>
/// Loads your own images laid out as <c>root/&lt;class name&gt;/&lt;image&gt;</c> (png, jpg, bmp, gif, tga, webp, tiff)
/// into <see cref="LabeledImages"/>, with ImageSharp; classes are the sub-folders in ordinal name order.
/// </summary>
public static class ImageFolder
{
    /// <summary>The file extensions read (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".webp", ".tif", ".tiff" };

    /// <summary>
    /// Loads every image under <paramref name="root"/>'s class sub-folders as float32 [N, C, H, W] in [0, 1]
    /// (C = 1 when <paramref name="grayscale"/>, else 3), resized to size x size when <paramref name="size"/> is given.
    /// Without a size, all images must have the same dimensions.
    /// </summary>
    public static LabeledImages Load(string root, int? size = null, bool grayscale = false, Device? device = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist. Expected a folder with one sub-folder per class, e.g. {Path.Combine(root, "cat", "1.png")}.");
        if (size is < 1) throw new ArgumentOutOfRangeException(nameof(size), $"Size must be positive; got {size}.");
        var classDirs = Directory.GetDirectories(root).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
        var files = classDirs.Select(d => Directory.GetFiles(d).Where(f => Extensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray()).ToArray();
        if (classDirs.Length == 0 || files.All(f => f.Length == 0))
            throw new InvalidDataException($"Image folder '{root}' has no images: expected one sub-folder per class holding image files " +
                $"({string.Join(", ", Extensions.Order())}), e.g. {Path.Combine(root, "cat", "1.png")}.");
        var empty = classDirs.Where((d, i) => files[i].Length == 0).ToArray();
        if (empty.Length > 0)
            throw new InvalidDataException($"Class folder(s) {string.Join(", ", empty.Select(d => $"'{d}'"))} hold no images; add images or remove the folder(s).");

        var all = files.SelectMany((list, c) => list.Select(f => (File: f, Label: (long)c))).ToArray();
        var channels = grayscale ? 1 : 3;
        var pixels = new float[all.Length][];
        var sizes = new (int W, int H)[all.Length];
        Parallel.For(0, all.Length, i => (pixels[i], sizes[i]) = Decode(all[i].File, size, grayscale));

        var (w0, h0) = sizes[0];
        for (var i = 1; i < all.Length; i++)
            if (sizes[i] != sizes[0])
                throw new InvalidDataException($"'{all[i].File}' is {sizes[i].W}x{sizes[i].H} but '{all[0].File}' is {w0}x{h0}. " +
                    $"Images differ in size: pass a size to resize them all, e.g. ImageFolder.Load(\"{root}\", size: {Math.Max(w0, h0)}).");

        var data = new float[(long)all.Length * channels * h0 * w0];
        for (var i = 0; i < all.Length; i++) pixels[i].CopyTo(data, (long)i * pixels[i].Length);
        device ??= Devices.Default;
        using var cpu = tensor(data, new long[] { all.Length, channels, h0, w0 });
        var images = device.type == DeviceType.CPU ? cpu.clone() : cpu.to(device);
        return new LabeledImages(Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)), images,
            all.Select(a => a.Label).ToArray(), classDirs.Select(Path.GetFileName).ToArray()!);
    }

    /// <summary>Decodes one file into CHW floats in [0, 1], resized when asked.</summary>
    private static (float[] Pixels, (int W, int H) Size) Decode(string file, int? size, bool grayscale)
    {
        try
        {
            if (grayscale)
            {
                using var image = Image.Load<L8>(file);
                if (size is { } s) image.Mutate(x => x.Resize(s, s));
                var result = new float[image.Width * image.Height];
                image.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < rows.Height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < row.Length; x++) result[y * rows.Width + x] = row[x].PackedValue / 255f;
                    }
                });
                return (result, (image.Width, image.Height));
            }
            else
            {
                using var image = Image.Load<Rgb24>(file);
                if (size is { } s) image.Mutate(x => x.Resize(s, s));
                var plane = image.Width * image.Height;
                var result = new float[3 * plane];
                image.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < rows.Height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < row.Length; x++)
                        {
                            var p = y * rows.Width + x;
                            result[p] = row[x].R / 255f;
                            result[plane + p] = row[x].G / 255f;
                            result[2 * plane + p] = row[x].B / 255f;
                        }
                    }
                });
                return (result, (image.Width, image.Height));
            }
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException)
        {
            throw new InvalidDataException($"'{file}' is not a readable image ({e.Message}). Remove it or convert it to PNG.", e);
        }
    }
}
