namespace FewShotLearn.Data;

/// <summary>
/// The built-in procedural data set that needs no download: any number of glyph classes, each a distinct
/// stroke pattern, rendered with random pose, scale, stroke width and noise. Deterministic by seed.
/// </summary>
public static class GlyphDataset
{
    /// <summary>
    /// Renders <paramref name="perClass"/> images of each of <paramref name="classes"/> glyph classes
    /// (classes <paramref name="firstClass"/> .. firstClass+classes-1), as grayscale [N, 1, size, size] in [0, 1],
    /// ordered class by class. A class's shape depends only on its index, so other seeds give new samples of the
    /// same classes (e.g. seed 0 to train, seed 1 to test) and a different <paramref name="firstClass"/> gives unseen
    /// classes (for few-shot evaluation).
    /// </summary>
    public static LabeledImages Generate(int classes, int perClass, int size = 28, int seed = 0, Device? device = null, int firstClass = 0)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), $"Need at least one class; got {classes}.");
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), $"Need at least one image per class; got {perClass}.");
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), $"Image size must be at least 8 pixels; got {size}.");
        if (firstClass < 0) throw new ArgumentOutOfRangeException(nameof(firstClass), $"First class must be >= 0; got {firstClass}.");
        device ??= Devices.Default;

        var patterns = Enumerable.Range(firstClass, classes).Select(GlyphPattern.ForClass).ToArray();
        var pixels = size * size;
        var count = classes * perClass;
        var data = new float[(long)count * pixels];
        Parallel.For(0, count, n =>
        {
            int c = n / perClass, i = n % perClass;
            var rng = new StableRandom(seed, firstClass + c, i);
            GlyphRenderer.Render(patterns[c], size, rng, data.AsSpan(n * pixels, pixels));
        });

        var labels = new long[count];
        for (var n = 0; n < count; n++) labels[n] = n / perClass;
        var names = Enumerable.Range(firstClass, classes).Select(ClassName).ToArray();
        using var cpu = tensor(data, new long[] { count, 1, size, size });
        var images = device.type == DeviceType.CPU ? cpu.clone() : cpu.to(device);
        return new LabeledImages($"glyphs/{classes}x{perClass}/seed{seed}", images, labels, names);
    }

    /// <summary>The name of a glyph class, e.g. "glyph-017".</summary>
    public static string ClassName(int classIndex) => $"glyph-{classIndex:D3}";
}
