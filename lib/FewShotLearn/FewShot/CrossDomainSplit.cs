using FewShotLearn.Data;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using static TorchSharp.torch;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>
/// The data of a cross-domain few-shot experiment: D1 (many labels, a general domain) for stage 1, D2 (the
/// kind of images to be searched, classes disjoint from the target's) for stage 2, held-out D2 images for the
/// stage-1/stage-2 agreement check and the target set (unseen classes of the searched kind) for evaluation.
/// </summary>
public sealed class CrossDomainSplit : IDisposable
{
    /// <summary>Wraps the four sets.</summary>
    public CrossDomainSplit(string description, LabeledImages d1, LabeledImages d2, LabeledImages d2HeldOut, LabeledImages target)
    {
        Description = description;
        D1 = d1;
        D2 = d2;
        D2HeldOut = d2HeldOut;
        Target = target;
    }

    /// <summary>One line saying what each set is.</summary>
    public string Description { get; }

    /// <summary>First training set (stage 1): many labelled images of general classes.</summary>
    public LabeledImages D1 { get; }

    /// <summary>Second training set (stage 2 episodes): images of the searched kind, classes disjoint from <see cref="Target"/>.</summary>
    public LabeledImages D2 { get; }

    /// <summary>Held-out images of the searched kind, for the agreement check of step 230.</summary>
    public LabeledImages D2HeldOut { get; }

    /// <summary>Target classes (never trained on): tasks sample K labelled images per class from here.</summary>
    public LabeledImages Target { get; }

    /// <summary>
    /// The built-in split that needs no download: D1 = upright glyph classes 0.. on a black background; D2, held-out and
    /// target = other glyph classes drawn inverted (dark strokes on white), a visibly different domain.
    /// </summary>
    public static CrossDomainSplit Glyphs(int baseClasses = 40, int metaClasses = 20, int heldOutClasses = 10, int targetClasses = 20,
        int perClass = 20, int size = 28, int seed = 0, Device? device = null)
    {
        device ??= Devices.Default;
        var d1 = GlyphDataset.Generate(baseClasses, perClass, size, seed, device, firstClass: 0);
        var d2 = Invert(GlyphDataset.Generate(metaClasses, perClass, size, seed + 1, device, firstClass: 1000), "d2");
        var held = Invert(GlyphDataset.Generate(heldOutClasses, perClass, size, seed + 2, device, firstClass: 2000), "d2-heldout");
        var target = Invert(GlyphDataset.Generate(targetClasses, perClass, size, seed + 3, device, firstClass: 3000), "target");
        return new CrossDomainSplit(
            $"D1: {baseClasses} glyph classes x {perClass} (white on black); D2: {metaClasses} other classes inverted (black on white); " +
            $"held-out: {heldOutClasses} inverted classes; target: {targetClasses} unseen inverted classes", d1, d2, held, target);
    }

    /// <summary>
    /// Fashion-MNIST -> MNIST: D1 = Fashion-MNIST train (<paramref name="d1PerClass"/> per class); D2 = MNIST train digits 0-4,
    /// held-out = MNIST test digits 0-4; target = MNIST test digits 5-9 (<paramref name="perClass"/> per class each).
    /// Needs the data sets (<c>fewshot data fetch</c>).
    /// </summary>
    public static CrossDomainSplit FashionToMnist(int d1PerClass = 500, int perClass = 100, string? dataDir = null, int seed = 0, Device? device = null)
    {
        device ??= Devices.Default;
        var rng = new Random(seed);
        using var fashion = DataSets.Load("fashion-mnist", "train", dataDir, device);
        using var mnistTrain = DataSets.Load("mnist", "train", dataDir, device);
        using var mnistTest = DataSets.Load("mnist", "test", dataDir, device);
        var d1 = PerClass(fashion, Enumerable.Range(0, 10).ToArray(), d1PerClass, rng, "fashion-mnist");
        var d2 = PerClass(mnistTrain, [0, 1, 2, 3, 4], perClass, rng, "mnist 0-4");
        var held = PerClass(mnistTest, [0, 1, 2, 3, 4], perClass, rng, "mnist-test 0-4");
        var target = PerClass(mnistTest, [5, 6, 7, 8, 9], perClass, rng, "mnist-test 5-9");
        return new CrossDomainSplit($"D1: Fashion-MNIST ({d1PerClass}/class); D2: MNIST digits 0-4; held-out: MNIST test 0-4; target: MNIST test digits 5-9 ({perClass}/class)",
            d1, d2, held, target);
    }

    private static LabeledImages PerClass(LabeledImages data, int[] classes, int perClass, Random rng, string name)
    {
        var picked = new List<int>();
        foreach (var c in classes)
        {
            var idx = data.IndicesOf(c);
            rng.Shuffle(idx);
            picked.AddRange(idx.Take(perClass));
        }
        using var subset = data.Subset(picked);
        return subset.SelectClasses(classes, name);
    }

    private static LabeledImages Invert(LabeledImages images, string name)
    {
        using (images) return new LabeledImages(name, 1f - images.Images, images.Labels, images.ClassNames);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        D1.Dispose();
        D2.Dispose();
        D2HeldOut.Dispose();
        Target.Dispose();
    }
}
