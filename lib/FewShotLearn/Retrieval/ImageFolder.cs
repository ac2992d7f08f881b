using FewShotLearn.Data;
using FewShotLearn.Runtime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;

namespace FewShotLearn.Retrieval;

/// <summary>Reads image files (PNG, JPEG, BMP, GIF, WebP...) with ImageSharp into tensors; a folder of class sub-folders becomes a labelled set.</summary>
public static class ImageFolder
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tga", ".tif", ".tiff"];

    /// <summary>One image file as [1, channels, size, size] in [0, 1] (resized; grayscale by luminance when channels = 1).</summary>
    public static Tensor LoadImage(string path, int channels, int height, int width, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        if (channels is not (1 or 3)) throw new ArgumentException($"Images are read with 1 or 3 channels; got {channels}.");
        Image<Rgb24> image;
        try { image = Image.Load<Rgb24>(path); }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' is not a readable image ({e.Message}).", e);
        }
        using (image)
        {
            image.Mutate(c => c.Resize(width, height));
            var data = new float[channels * height * width];
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < width; x++)
                    {
                        var p = row[x];
                        if (channels == 1)
                            data[y * width + x] = (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 255f;
                        else
                        {
                            data[0 * height * width + y * width + x] = p.R / 255f;
                            data[1 * height * width + y * width + x] = p.G / 255f;
                            data[2 * height * width + y * width + x] = p.B / 255f;
                        }
                    }
                }
            });
            return tensor(data, new long[] { 1, channels, height, width }, device: device ?? Devices.Default);
        }
    }

    /// <summary>
    /// Reads a folder whose sub-folders are classes (folder/cat/1.png -> class "cat"); images directly in the folder get
    /// the class named after the folder itself. Returns the set and the full path of each image, in the same order.
    /// </summary>
    public static (LabeledImages Images, string[] Paths) Load(string folder, int channels, int height, int width, Device? device = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new ArgumentException($"No image files ({string.Join(", ", Extensions)}) under '{folder}'. Put images in class sub-folders, e.g. {folder}/cat/1.png.");
        string ClassOf(string f)
        {
            var rel = Path.GetRelativePath(root, f);
            var first = rel.Split(Path.DirectorySeparatorChar)[0];
            return first == rel ? Path.GetFileName(root) : first;
        }
        var classNames = files.Select(ClassOf).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
        var classIndex = classNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i);
        var tensors = files.Select(f => LoadImage(f, channels, height, width, CPU)).ToList();
        using var cpu = cat(tensors, 0);
        foreach (var t in tensors) t.Dispose();
        var dev = device ?? Devices.Default;
        var images = new LabeledImages($"folder:{Path.GetFileName(root)}", cpu.to(dev).clone(), files.Select(f => classIndex[ClassOf(f)]).ToArray(), classNames);
        return (images, files);
    }
}
