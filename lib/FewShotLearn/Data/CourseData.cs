namespace FewShotLearn.Data;

/// <summary>A train/test pair for the course's classification demos, with a note saying where it came from.</summary>
public sealed record TrainTestData(LabeledImages Train, LabeledImages Test, string Source, string Note) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() { Train.Dispose(); Test.Dispose(); }

    /// <inheritdoc />
    public override string ToString() => $"{Note}\ntrain: {Train}\ntest:  {Test}";
}

/// <summary>
/// Loads "mnist", "fashion-mnist" or "glyphs" for the CNN lessons, optionally as a seeded random subset. When a
/// downloaded data set is missing it falls back to the procedural <see cref="GlyphDataset"/> and says so in <see cref="TrainTestData.Note"/>.
/// </summary>
public static class CourseData
{
    /// <summary>The names accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "mnist", "fashion-mnist", "glyphs" };

    /// <summary>Loads train and test splits; <paramref name="trainLimit"/>/<paramref name="testLimit"/> keep a seeded random subset.
    /// With <paramref name="fallbackToGlyphs"/> a missing data set is replaced by 10 glyph classes (28x28) instead of an error.</summary>
    public static TrainTestData Load(string name, int? trainLimit = null, int? testLimit = null, int seed = 42, string? dataDir = null, bool fallbackToGlyphs = true)
    {
        var key = name.Trim().ToLowerInvariant();
        if (!Names.Contains(key)) throw new ArgumentException($"Unknown data set '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
        if (trainLimit is <= 0 || testLimit is <= 0) throw new ArgumentException($"Subset sizes must be positive; got train {trainLimit}, test {testLimit}.");
        if (key == "glyphs") return Glyphs(trainLimit ?? 6000, testLimit ?? 1000, seed, "glyphs: procedural glyph data set (no download needed)");
        try
        {
            var train = Limit(DataSets.Load(key, "train", dataDir, CPU), trainLimit, seed);
            var test = Limit(DataSets.Load(key, "test", dataDir, CPU), testLimit, seed + 1);
            return new TrainTestData(train, test, key, $"{key}: {train.Count} training and {test.Count} test images");
        }
        catch (DataSetMissingException e) when (fallbackToGlyphs)
        {
            return Glyphs(trainLimit ?? 6000, testLimit ?? 1000, seed,
                $"'{key}' is not available ({e.Message}). FALLING BACK to the procedural glyph data set (10 classes, 28x28) so the lesson still runs.");
        }
    }

    /// <summary>A seeded random subset of at most <paramref name="limit"/> images (the set itself when no limit or already small enough).</summary>
    public static LabeledImages Limit(LabeledImages data, int? limit, int seed)
    {
        if (limit is null || limit >= data.Count) return data;
        var random = new Random(seed);
        var idx = Enumerable.Range(0, data.Count).OrderBy(_ => random.Next()).Take(limit.Value).OrderBy(i => i).ToArray();
        var subset = data.Subset(idx, data.Name);
        data.Dispose();
        return subset;
    }

    static TrainTestData Glyphs(int train, int test, int seed, string note)
    {
        const int classes = 10;
        var all = GlyphDataset.Generate(classes, (train + test + classes - 1) / classes, 28, seed, CPU);
        var random = new Random(seed);
        var order = Enumerable.Range(0, all.Count).OrderBy(_ => random.Next()).ToArray();
        var tr = all.Subset(order.Take(train).OrderBy(i => i), "glyphs/train");
        var te = all.Subset(order.Skip(train).Take(test).OrderBy(i => i), "glyphs/test");
        all.Dispose();
        return new TrainTestData(tr, te, "glyphs", note);
    }
}
