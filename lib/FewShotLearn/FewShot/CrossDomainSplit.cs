namespace FewShotLearn.FewShot;

/// <summary>
/// The data of a cross-domain few-shot experiment: the source set (many labels, a general domain) for pretraining,
/// the meta-train set (images of the kind to be searched) for meta-training, the meta-validation set (for the
/// agreement check and every choice of hyper-parameters) and the target set searched at test time.
/// Under <see cref="TargetProtocol.UnseenClasses"/> the meta-train, meta-validation and target classes are disjoint;
/// under <see cref="TargetProtocol.SameClasses"/> (the patent's claim 1) meta-train and meta-validation hold a few
/// labelled images of the very target classes and the target set holds other images of them.
/// </summary>
public sealed class CrossDomainSplit(string description, LabeledImages source, LabeledImages metaTrain, LabeledImages metaValidation, LabeledImages target,
    TargetProtocol protocol = TargetProtocol.UnseenClasses) : IDisposable
{
    /// <summary>One line saying what each set is.</summary>
    public string Description { get; } = description;

    /// <summary>The source set (pretraining): many labelled images of general classes.</summary>
    public LabeledImages Source { get; } = source;

    /// <summary>The meta-train set (meta-training episodes): images of the searched kind.</summary>
    public LabeledImages MetaTrain { get; } = metaTrain;

    /// <summary>The meta-validation set: the agreement check and hyper-parameter choices are scored here, never on <see cref="Target"/>.</summary>
    public LabeledImages MetaValidation { get; } = metaValidation;

    /// <summary>The target set: test tasks sample K labelled images per class (S_t) and a database of other images from here.</summary>
    public LabeledImages Target { get; } = target;

    /// <summary>Whether the target classes are unseen in meta-training (P1) or are the meta-train classes (P2).</summary>
    public TargetProtocol Protocol { get; } = protocol;

    /// <summary>
    /// The most ways an episode of <paramref name="mode"/> can have on <paramref name="data"/>, at most <paramref name="preferred"/>:
    /// all its classes for same-classes episodes, half of them for disjoint episodes (support and query classes differ).
    /// </summary>
    public static int EpisodeWays(LabeledImages data, EpisodeMode mode, int preferred = 5)
    {
        var classes = data.Labels.Distinct().Count();
        var most = mode == EpisodeMode.DisjointClasses ? classes / 2 : classes;
        if (most < 2)
            throw new ArgumentException($"'{data.Name}' has {classes} classes: too few for 2-way {(mode == EpisodeMode.DisjointClasses ? "disjoint-class" : "")} episodes. " +
                "Use a split with more classes, or same-classes episodes (--mode same).");
        return Math.Min(preferred, most);
    }

    /// <summary>The most target ways of this split, at most <paramref name="preferred"/>.</summary>
    public int TargetWays(int preferred = 5) => EpisodeWays(Target, EpisodeMode.SameClasses, preferred);

    /// <summary>The most meta-train ways for episodes of <paramref name="mode"/>, at most <paramref name="preferred"/>.</summary>
    public int MetaTrainWays(EpisodeMode mode, int preferred = 5) => EpisodeWays(MetaTrain, mode, preferred);

    /// <summary>The most meta-validation ways (same-classes episodes), at most <paramref name="preferred"/>.</summary>
    public int MetaValidationWays(int preferred = 5) => EpisodeWays(MetaValidation, EpisodeMode.SameClasses, preferred);

    /// <summary>The fewest images of any class of the target set (bounds K + database images per class).</summary>
    public int TargetImagesPerClass => Target.Labels.GroupBy(l => l).Min(g => g.Count());

    /// <summary>
    /// The built-in split that needs no download: source = upright glyph classes 0.. on a black background; meta-train,
    /// meta-validation and target = other glyph classes drawn inverted (dark strokes on white), disjoint class ranges.
    /// </summary>
    public static CrossDomainSplit Glyphs(int baseClasses = 40, int metaClasses = 20, int heldOutClasses = 10, int targetClasses = 20,
        int perClass = 20, int size = 28, int seed = 0, Device? device = null)
    {
        device ??= Devices.Default;
        var source = GlyphDataset.Generate(baseClasses, perClass, size, seed, device, firstClass: 0);
        var metaTrain = Invert(GlyphDataset.Generate(metaClasses, perClass, size, seed + 1, device, firstClass: 1000), "meta-train");
        var validation = Invert(GlyphDataset.Generate(heldOutClasses, perClass, size, seed + 2, device, firstClass: 2000), "meta-validation");
        var target = Invert(GlyphDataset.Generate(targetClasses, perClass, size, seed + 3, device, firstClass: 3000), "target");
        return new CrossDomainSplit(
            $"source: {baseClasses} glyph classes x {perClass} (white on black); meta-train: {metaClasses} other classes inverted (black on white); " +
            $"meta-validation: {heldOutClasses} other inverted classes; target: {targetClasses} unseen inverted classes", source, metaTrain, validation, target);
    }

    /// <summary>
    /// Glyphs -> MNIST digits (needs <c>fewshot data fetch mnist</c>): the source is <paramref name="sourceClasses"/> upright glyph
    /// classes (28 x 28, <paramref name="sourcePerClass"/> each), the searched kind handwritten digits; see
    /// <see cref="Searched"/> for how digits are dealt out under each protocol.
    /// </summary>
    public static CrossDomainSplit GlyphsToMnist(TargetProtocol protocol, int sourceClasses = 100, int sourcePerClass = 20, int metaPerClass = 0,
        int targetPerClass = 100, string? dataDir = null, int seed = 0, Device? device = null)
    {
        device ??= Devices.Default;
        var source = GlyphDataset.Generate(sourceClasses, sourcePerClass, 28, seed, device, firstClass: 0);
        using var train = DataSets.Load("mnist", "train", dataDir, device);
        using var test = DataSets.Load("mnist", "test", dataDir, device);
        return Searched(protocol, source, $"source: {sourceClasses} glyph classes x {sourcePerClass}", "MNIST", train, test, metaPerClass, targetPerClass, seed);
    }

    /// <summary>
    /// Glyphs + MNIST -> Fashion-MNIST (needs <c>fewshot data fetch</c>): the source is <paramref name="sourceClasses"/> glyph classes
    /// and the 10 MNIST digits (<paramref name="sourcePerClass"/> each, 110 classes); the searched kind is clothing.
    /// </summary>
    public static CrossDomainSplit GlyphsAndMnistToFashion(TargetProtocol protocol, int sourceClasses = 100, int sourcePerClass = 20, int metaPerClass = 0,
        int targetPerClass = 100, string? dataDir = null, int seed = 0, Device? device = null)
    {
        device ??= Devices.Default;
        var rng = new Random(seed);
        using var glyphs = GlyphDataset.Generate(sourceClasses, sourcePerClass, 28, seed, device, firstClass: 0);
        using var mnist = DataSets.Load("mnist", "train", dataDir, device);
        using var digits = PerClass(mnist, Enumerable.Range(0, 10).ToArray(), sourcePerClass, rng, "mnist");
        var source = Concat("glyphs+mnist", glyphs, digits);
        using var train = DataSets.Load("fashion-mnist", "train", dataDir, device);
        using var test = DataSets.Load("fashion-mnist", "test", dataDir, device);
        return Searched(protocol, source, $"source: {sourceClasses} glyph classes + 10 MNIST digits x {sourcePerClass}", "Fashion-MNIST", train, test,
            metaPerClass, targetPerClass, seed + 1);
    }

    /// <summary>
    /// Deals out a 10-class searched data set (its train and test splits) under a protocol.
    /// <see cref="TargetProtocol.UnseenClasses"/>: meta-train = classes 0-3 (train split), meta-validation = classes 4-5 (train
    /// split), target = classes 6-9 (test split), so 4-way target tasks and 2-way disjoint-class meta-train episodes at most:
    /// ten classes cannot give three disjoint groups of five.
    /// <see cref="TargetProtocol.SameClasses"/>: meta-train and meta-validation each hold <paramref name="metaPerClass"/> (few)
    /// labelled train images of every class (disjoint images), the target set holds test images of the same classes, so
    /// 5-way target tasks and 5-way disjoint-class episodes.
    /// <paramref name="metaPerClass"/> 0 means 100 (unseen classes) or 20 (same classes).
    /// </summary>
    public static CrossDomainSplit Searched(TargetProtocol protocol, LabeledImages source, string sourceText, string kind,
        LabeledImages train, LabeledImages test, int metaPerClass, int targetPerClass, int seed)
    {
        var rng = new Random(seed);
        var classes = train.Labels.Distinct().Count();
        if (classes < 10) throw new ArgumentException($"'{train.Name}' has {classes} classes; the searched set needs 10.");
        if (protocol == TargetProtocol.UnseenClasses)
        {
            var perClass = metaPerClass > 0 ? metaPerClass : 100;
            var metaTrain = PerClass(train, [0, 1, 2, 3], perClass, rng, $"{kind} meta-train 0-3");
            var validation = PerClass(train, [4, 5], perClass, rng, $"{kind} meta-validation 4-5");
            var target = PerClass(test, [6, 7, 8, 9], targetPerClass, rng, $"{kind} target 6-9");
            return new CrossDomainSplit($"{sourceText}; meta-train: {kind} classes 0-3 x {perClass}; meta-validation: {kind} classes 4-5 x {perClass}; " +
                $"target (unseen classes, protocol P1): {kind} test classes 6-9 x {targetPerClass}", source, metaTrain, validation, target, protocol);
        }
        else
        {
            var perClass = metaPerClass > 0 ? metaPerClass : 20;
            var all = Enumerable.Range(0, 10).ToArray();
            var picked = all.ToDictionary(c => c, c => { var idx = train.IndicesOf(c); rng.Shuffle(idx); return idx; });
            LabeledImages Take(int skip, string name)
            {
                using var subset = train.Subset(all.SelectMany(c => picked[c].Skip(skip).Take(perClass)));
                return subset.SelectClasses(all, name);
            }
            var metaTrain = Take(0, $"{kind} meta-train (all classes, few images)");
            var validation = Take(perClass, $"{kind} meta-validation (all classes, other images)");
            var target = PerClass(test, all, targetPerClass, rng, $"{kind} target (test images)");
            return new CrossDomainSplit($"{sourceText}; meta-train: {perClass} labelled {kind} train images of each of the 10 classes; meta-validation: " +
                $"{perClass} other train images per class; target (same classes, protocol P2): {kind} test images x {targetPerClass}", source, metaTrain, validation, target, protocol);
        }
    }

    /// <summary>The named splits of the CLI and notebooks: "glyphs", "mnist" (glyphs -> MNIST), "fashion" (glyphs + MNIST -> Fashion-MNIST).</summary>
    public static readonly string[] Names = ["glyphs", "mnist", "fashion"];

    /// <summary>
    /// Builds a named split (<see cref="Names"/>); <paramref name="perClass"/> is the glyph split's images per class (and the
    /// source's per class for the real-data splits).
    /// </summary>
    public static CrossDomainSplit Create(string name, TargetProtocol protocol, int perClass = 20, string? dataDir = null, int seed = 0, Device? device = null) =>
        name.Trim().ToLowerInvariant() switch
        {
            "glyphs" when protocol == TargetProtocol.UnseenClasses => Glyphs(perClass: perClass, seed: seed, device: device),
            "glyphs" => throw new ArgumentException("The glyph split only supports --protocol unseen; use --data mnist or --data fashion for --protocol same."),
            "mnist" or "glyphs-mnist" => GlyphsToMnist(protocol, sourcePerClass: perClass, dataDir: dataDir, seed: seed, device: device),
            "fashion" or "fashion-mnist" => GlyphsAndMnistToFashion(protocol, sourcePerClass: perClass, dataDir: dataDir, seed: seed, device: device),
            _ => throw new ArgumentException($"Unknown --data '{name}'. Use one of: {string.Join(", ", Names)}."),
        };

    /// <summary>Parses "unseen" (P1) or "same" (P2).</summary>
    public static TargetProtocol ParseProtocol(string text) => text.Trim().ToLowerInvariant() switch
    {
        "unseen" or "p1" => TargetProtocol.UnseenClasses,
        "same" or "p2" => TargetProtocol.SameClasses,
        _ => throw new ArgumentException($"Unknown --protocol '{text}'. Use 'unseen' (P1: target classes unseen in meta-training) or 'same' (P2: the patent's claim 1)."),
    };

    private static LabeledImages PerClass(LabeledImages data, int[] classes, int perClass, Random rng, string name)
    {
        var picked = new List<int>();
        foreach (var c in classes)
        {
            var idx = data.IndicesOf(c);
            if (idx.Length < perClass)
                throw new ArgumentException($"'{data.Name}' has {idx.Length} images of class {c}; {perClass} were asked for.");
            rng.Shuffle(idx);
            picked.AddRange(idx.Take(perClass));
        }
        using var subset = data.Subset(picked);
        return subset.SelectClasses(classes, name);
    }

    /// <summary>The images of <paramref name="a"/> then <paramref name="b"/>, with <paramref name="b"/>'s classes numbered after <paramref name="a"/>'s.</summary>
    internal static LabeledImages Concat(string name, LabeledImages a, LabeledImages b)
    {
        var offset = a.ClassCount;
        return new LabeledImages(name, cat([a.Images, b.Images], 0), a.Labels.Concat(b.Labels.Select(l => l + offset)).ToArray(),
            a.ClassNames.Concat(b.ClassNames.Select(n => $"{b.Name}:{n}")).ToArray());
    }

    private static LabeledImages Invert(LabeledImages images, string name)
    {
        using (images) return new LabeledImages(name, 1f - images.Images, images.Labels, images.ClassNames);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Source.Dispose();
        MetaTrain.Dispose();
        MetaValidation.Dispose();
        Target.Dispose();
    }
}

/// <summary>How the target classes relate to the meta-train classes.</summary>
public enum TargetProtocol
{
    /// <summary>P1, the meta-learning standard: target classes never appear in meta-training or meta-validation.</summary>
    UnseenClasses,

    /// <summary>
    /// P2, the patent's claim 1: meta-train holds a few labelled images of the very classes to be searched; test tasks adapt on
    /// S_t and search a database of other images of those classes.
    /// </summary>
    SameClasses,
}
