namespace FewShotLearn.Cli;

/// <summary>
/// Resolves the <c>--data</c>/<c>--queries</c> argument of the retrieval commands: a data set name with an optional split
/// ("fashion-mnist:test", "mnist"), the built-in glyphs ("glyphs:train", "glyphs:test": 20 classes; "glyphs-novel:test":
/// 20 classes never used for training) or a folder of class sub-folders of image files.
/// </summary>
public static class DataSpec
{
    /// <summary>Glyph classes in the CLI's built-in glyph sets.</summary>
    public const int GlyphClasses = 20;

    /// <summary>First class index of "glyphs-novel".</summary>
    public const int NovelFirstClass = 100;

    /// <summary>Loads the images (and, for folders, their paths). Folder images are read at <paramref name="channels"/> x <paramref name="size"/>.</summary>
    public static (LabeledImages Images, string[]? Paths) Load(string spec, Device device, int channels = 1, int size = 28)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new ArgumentException("No data given: pass a data set (glyphs:test, fashion-mnist:test) or a folder of images.");
        if (Directory.Exists(spec))
        {
            var (images, paths) = ImageFolder.LoadWithPaths(spec, size, grayscale: channels == 1, device);
            return (images, paths);
        }
        var parts = spec.Split(':', 2);
        var name = parts[0].Trim().ToLowerInvariant();
        var split = parts.Length > 1 ? DataSets.NormalizeSplit(parts[1]) : "test";
        switch (name)
        {
            case "glyphs":
            case "glyphs-novel":
                var first = name == "glyphs" ? 0 : NovelFirstClass;
                var set = GlyphDataset.Generate(GlyphClasses, split == "train" ? 60 : 20, size: 28, seed: split == "train" ? 0 : 1, device: device, firstClass: first);
                return (new LabeledImages($"{name}:{split}", set.Images, set.Labels, set.ClassNames), null);
        }
        if (DataSets.Names.Contains(name)) return (DataSets.Load(name, split, device: device), null);
        throw new ArgumentException($"'{spec}' is neither a folder nor a known data set. Use a folder of class sub-folders, glyphs[:train|test], glyphs-novel[:train|test] or one of: {string.Join(", ", DataSets.Names)} (with :train or :test).");
    }

    /// <summary>
    /// Reads a query: an image file, or "SPEC#N" for image N of a data set (e.g. "glyphs:test#5"). Returns the image
    /// [1, C, H, W], a caption and, when known, its class name.
    /// </summary>
    public static (Tensor Image, string Caption, string? ClassName) Query(string query, Device device, int channels, int size)
    {
        var hash = query.LastIndexOf('#');
        if (!File.Exists(query) && hash > 0 && int.TryParse(query[(hash + 1)..], out var n))
        {
            var (set, paths) = Load(query[..hash], device, channels, size);
            using (set)
            {
                if (n < 0 || n >= set.Count) throw new ArgumentOutOfRangeException(nameof(query), $"'{query}': index {n} is outside 0..{set.Count - 1}.");
                return (set.Images[n].unsqueeze(0).clone(), paths?[n] ?? query, set.ClassNames[(int)set.Labels[n]]);
            }
        }
        return (ImageIO.Load(query, (ColorMode)channels, size, size, device), query, null);
    }
}
