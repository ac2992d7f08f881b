using FewShotLearn.Data;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;

namespace FewShotLearn.Data;

/// <summary>Image files for retrieval: one query file as a tensor, and an image folder together with the path of each image (for galleries and results).</summary>
public static class ImageFiles
{
    /// <summary>
    /// One image file as [1, channels, height, width] in [0, 1], resized, decoded exactly as <see cref="ImageFolder.Load"/>
    /// decodes database images (ImageSharp L8 for grayscale, Rgb24 for colour), so a query file and the same file in the
    /// database embed identically.
    /// </summary>
    public static Tensor LoadImage(string path, int channels, int height, int width, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        if (channels is not (1 or 3)) throw new ArgumentException($"Images are read with 1 or 3 channels; got {channels}.");
        var plane = height * width;
        var data = new float[channels * plane];
        try
        {
            if (channels == 1)
            {
                using var image = Image.Load<L8>(path);
                image.Mutate(c => c.Resize(width, height));
                image.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < width; x++) data[y * width + x] = row[x].PackedValue / 255f;
                    }
                });
            }
            else
            {
                using var image = Image.Load<Rgb24>(path);
                image.Mutate(c => c.Resize(width, height));
                image.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < width; x++)
                        {
                            data[y * width + x] = row[x].R / 255f;
                            data[plane + y * width + x] = row[x].G / 255f;
                            data[2 * plane + y * width + x] = row[x].B / 255f;
                        }
                    }
                });
            }
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' is not a readable image ({e.Message}).", e);
        }
        return tensor(data, new long[] { 1, channels, height, width }, device: device ?? Devices.Default);
    }

    /// <summary>
    /// <see cref="ImageFolder.Load"/> (root/&lt;class&gt;/&lt;image&gt;, resized to size x size) plus the full path of each
    /// image in the same order (classes and files in ordinal name order).
    /// </summary>
    public static (LabeledImages Images, string[] Paths) LoadFolder(string root, int channels, int size, Device? device = null)
    {
        var images = ImageFolder.Load(root, size, grayscale: channels == 1, device);
        var paths = Directory.GetDirectories(Path.GetFullPath(root)).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Where(f => ImageFolder.Extensions.Contains(Path.GetExtension(f))).OrderBy(f => f, StringComparer.Ordinal))
            .ToArray();
        if (paths.Length != images.Count)
            throw new InvalidOperationException($"Found {paths.Length} image paths for {images.Count} loaded images under '{root}'.");
        return (images, paths);
    }
}
