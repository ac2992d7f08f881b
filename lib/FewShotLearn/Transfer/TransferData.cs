namespace FewShotLearn.Transfer;

/// <summary>
/// The data of a transfer study: a source task to pretrain on, a similar target (new classes of the same domain)
/// and a dissimilar target (another domain), each with a training pool and a test set of 5 classes.
/// </summary>
public sealed record TransferDataSuite(string Description, LabeledImages SourceTrain, LabeledImages SourceTest,
    LabeledImages SimilarTrain, LabeledImages SimilarTest, LabeledImages DissimilarTrain, LabeledImages DissimilarTest);

/// <summary>Loads a <see cref="TransferDataSuite"/> from Fashion-MNIST and MNIST, falling back to glyphs where they are missing.</summary>
public static class TransferData
{
    /// <summary>
    /// Source: Fashion-MNIST classes 0-4 (T-shirt, trouser, pullover, dress, coat). Similar target: Fashion-MNIST
    /// classes 5-9 (sandal, shirt, sneaker, bag, ankle boot). Dissimilar target: MNIST digits 0-4.
    /// Without Fashion-MNIST, glyph classes 0-4 / 5-9 play source / similar, cluttered (<see cref="Cluttered"/>: plain
    /// glyphs are learned perfectly from a few dozen images, so every strategy would tie); without MNIST, the dissimilar
    /// target is glyph classes 10-14, cluttered and drawn with inverted contrast (a synthetic domain shift). <see cref="TransferDataSuite.Description"/> says which.
    /// </summary>
    /// <param name="sourcePerClass">Source training images per class.</param>
    /// <param name="targetPoolPerClass">Target training pool per class (runs draw subsets of it).</param>
    /// <param name="testPerClass">Test images per class for every task.</param>
    /// <param name="seed">Seed of the subset draws.</param>
    /// <param name="dataDir">Data directory (default: FEWSHOT_DATA).</param>
    /// <param name="device">Where the images live (default <see cref="Devices.Default"/>).</param>
    public static TransferDataSuite Load(int sourcePerClass = 1000, int targetPoolPerClass = 800, int testPerClass = 200, int seed = Seeding.DefaultSeed,
        string? dataDir = null, Device? device = null)
    {
        device ??= Devices.Default;
        var rng = new Random(seed);
        var notes = new List<string>();
        LabeledImages srcTrain, srcTest, simTrain, simTest, disTrain, disTest;
        if (DataSets.IsAvailable("fashion-mnist", dataDir))
        {
            using var train = DataSets.Load("fashion-mnist", "train", dataDir, device);
            using var test = DataSets.Load("fashion-mnist", "test", dataDir, device);
            srcTrain = Balanced(train, [0, 1, 2, 3, 4], sourcePerClass, rng, "fashion 0-4/train");
            srcTest = Balanced(test, [0, 1, 2, 3, 4], testPerClass, rng, "fashion 0-4/test");
            simTrain = Balanced(train, [5, 6, 7, 8, 9], targetPoolPerClass, rng, "fashion 5-9/train");
            simTest = Balanced(test, [5, 6, 7, 8, 9], testPerClass, rng, "fashion 5-9/test");
            notes.Add("source: Fashion-MNIST classes 0-4 (clothes); similar target: Fashion-MNIST classes 5-9 (shoes, bag, shirt)");
        }
        else
        {
            srcTrain = Cluttered(GlyphDataset.Generate(5, sourcePerClass, seed: seed, device: device), seed + 11);
            srcTest = Cluttered(GlyphDataset.Generate(5, testPerClass, seed: seed + 1, device: device), seed + 12);
            simTrain = Cluttered(GlyphDataset.Generate(5, targetPoolPerClass, seed: seed, device: device, firstClass: 5), seed + 13);
            simTest = Cluttered(GlyphDataset.Generate(5, testPerClass, seed: seed + 1, device: device, firstClass: 5), seed + 14);
            notes.Add("Fashion-MNIST not found (run `fewshot data fetch fashion-mnist`): source = glyph classes 0-4, similar target = glyph classes 5-9, " +
                "both cluttered (a distractor glyph of another class drawn over every image, plus strong pixel noise) so that neither is learned from a few images");
        }
        if (DataSets.IsAvailable("mnist", dataDir))
        {
            using var train = DataSets.Load("mnist", "train", dataDir, device);
            using var test = DataSets.Load("mnist", "test", dataDir, device);
            disTrain = Balanced(train, [0, 1, 2, 3, 4], targetPoolPerClass, rng, "mnist 0-4/train");
            disTest = Balanced(test, [0, 1, 2, 3, 4], testPerClass, rng, "mnist 0-4/test");
            notes.Add("dissimilar target: MNIST digits 0-4 (handwriting)");
        }
        else
        {
            disTrain = Inverted(Cluttered(GlyphDataset.Generate(5, targetPoolPerClass, seed: seed, device: device, firstClass: 10), seed + 15));
            disTest = Inverted(Cluttered(GlyphDataset.Generate(5, testPerClass, seed: seed + 1, device: device, firstClass: 10), seed + 16));
            notes.Add("MNIST not found (run `fewshot data fetch mnist`): dissimilar target = glyph classes 10-14, cluttered the same way and with inverted contrast (synthetic domain shift)");
        }
        return new TransferDataSuite(string.Join("; ", notes), srcTrain, srcTest, simTrain, simTest, disTrain, disTest);
    }

    /// <summary>
    /// Up to <paramref name="perClass"/> random images of each listed class (relabelled 0..k-1), in random order.
    /// Fewer are taken where a class has fewer images.
    /// </summary>
    public static LabeledImages Balanced(LabeledImages data, IReadOnlyList<int> classes, int perClass, Random rng, string? name = null)
    {
        var picked = classes.SelectMany(c => data.IndicesOf(c).OrderBy(_ => rng.Next()).Take(perClass)).OrderBy(_ => rng.Next()).ToList();
        using var subset = data.Subset(picked);
        return subset.SelectClasses(classes, name ?? data.Name);
    }

    /// <summary><paramref name="count"/> random images of <paramref name="data"/> in random order (a training-size draw).</summary>
    public static LabeledImages Sample(LabeledImages data, int count, int seed)
    {
        if (count > data.Count) throw new ArgumentException($"Asked for {count} images but the pool has {data.Count}; load a larger pool.", nameof(count));
        var rng = new Random(seed);
        return data.Subset(Enumerable.Range(0, data.Count).OrderBy(_ => rng.Next()).Take(count), $"{data.Name}[{count}]");
    }

    /// <summary>Glyph classes whose shapes serve as clutter (never a class of any task above).</summary>
    internal const int ClutterFirstClass = 40, ClutterClasses = 20;

    /// <summary>Brightness of the distractor glyph and standard deviation of the added pixel noise.</summary>
    internal const float ClutterIntensity = 0.8f, ClutterNoise = 0.25f;

    /// <summary>
    /// The fallback's harder version of a glyph set: over every image a randomly chosen glyph of one of the
    /// <see cref="ClutterClasses"/> clutter classes is drawn (max-blended at <see cref="ClutterIntensity"/>), then Gaussian
    /// noise is added and the result clamped to [0, 1]. The class is still visible (its strokes are brighter), but a
    /// network must learn which strokes matter, as in real photos with backgrounds; deterministic by <paramref name="seed"/>.
    /// </summary>
    internal static LabeledImages Cluttered(LabeledImages data, int seed)
    {
        using (data)
        {
            var n = data.Count;
            var perClass = (n + ClutterClasses - 1) / ClutterClasses;
            using var clutter = GlyphDataset.Generate(ClutterClasses, perClass, data.Height, seed, CPU, ClutterFirstClass);
            using var gen = new Generator((ulong)seed, CPU);
            using var scope = NewDisposeScope();
            var pick = randperm(clutter.Count, generator: gen).narrow(0, 0, n);
            var distractors = clutter.Images.index_select(0, pick) * ClutterIntensity;
            var noise = randn(data.Images.shape, generator: gen) * ClutterNoise;
            var images = (maximum(data.Images.cpu(), distractors) + noise).clamp(0, 1).to(data.Images.device).MoveToOuterDisposeScope();
            return new LabeledImages(data.Name + "/cluttered", images, data.Labels, data.ClassNames);
        }
    }

    private static LabeledImages Inverted(LabeledImages data)
    {
        using (data) return new LabeledImages(data.Name + "/inverted", 1 - data.Images, data.Labels, data.ClassNames);
    }
}
