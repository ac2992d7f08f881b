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
    /// (C = 1 when <paramref name="grayscale"/>, else 3), resized to size x size when <paramref name="size"/> is given,
    /// decoded by <see cref="ImageDecoder"/> (pixel cap, EXIF orientation, alpha on black, BT.601 gray).
    /// Without a size, all images must have the same dimensions.
    /// </summary>
    public static LabeledImages Load(string root, int? size = null, bool grayscale = false, Device? device = null) =>
        LoadWithPaths(root, size, grayscale, device).Images;

    /// <summary>
    /// <see cref="Load"/> plus the full path of every image it read, in the order of the images (classes and files in
    /// ordinal name order).
    /// </summary>
    public static (LabeledImages Images, string[] Paths) LoadWithPaths(string root, int? size = null, bool grayscale = false, Device? device = null)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("No image folder given: pass a folder with one sub-folder per class.", nameof(root));
        if (File.Exists(root))
            throw new DirectoryNotFoundException($"'{root}' is a file, not a folder. Expected a folder with one sub-folder per class, e.g. {Path.Combine(root + "-folder", "cat", "1.png")}.");
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist. Expected a folder with one sub-folder per class, e.g. {Path.Combine(root, "cat", "1.png")}.");
        if (size is < 1) throw new ArgumentOutOfRangeException(nameof(size), $"Size must be positive; got {size}.");
        var classDirs = Directory.GetDirectories(Path.GetFullPath(root)).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
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
        foreach (var a in all) ImageDecoder.Identify(a.File);   // every header checked (readable, under the pixel cap) before decoding
        var decoded = new DecodedImage[all.Length];
        Parallel.For(0, all.Length, new ParallelOptions { MaxDegreeOfParallelism = ImageDecoder.MaxParallelDecodes },
            i => decoded[i] = ImageDecoder.Decode(all[i].File, channels, size, size));

        int w0 = decoded[0].Width, h0 = decoded[0].Height;
        for (var i = 1; i < all.Length; i++)
            if (decoded[i].Width != w0 || decoded[i].Height != h0)
                throw new InvalidDataException($"'{all[i].File}' is {decoded[i].Width}x{decoded[i].Height} but '{all[0].File}' is {w0}x{h0}. " +
                    $"Images differ in size: pass a size to resize them all, e.g. ImageFolder.Load(\"{root}\", size: {Math.Max(w0, h0)}).");

        var data = new float[(long)all.Length * channels * h0 * w0];
        for (var i = 0; i < all.Length; i++) decoded[i].Pixels.CopyTo(data, (long)i * decoded[i].Pixels.Length);
        device ??= Devices.Default;
        using var cpu = tensor(data, new long[] { all.Length, channels, h0, w0 });
        var images = device.type == DeviceType.CPU ? cpu.clone() : cpu.to(device);
        var set = new LabeledImages(Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)), images,
            all.Select(a => a.Label).ToArray(), classDirs.Select(Path.GetFileName).ToArray()!);
        return (set, all.Select(a => a.File).ToArray());
    }
}
