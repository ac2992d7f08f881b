namespace FewShotLearn.Data;

/// <summary>
/// A labelled image set held as one tensor: what every loader returns and every trainer, sampler and
/// index consumes. Images are float32 [N, C, H, W] with values in [0, 1]; labels index <see cref="ClassNames"/>.
/// </summary>
public sealed class LabeledImages : IDisposable
{
    /// <summary>Wraps images and labels, checking that they agree.</summary>
    public LabeledImages(string name, Tensor images, long[] labels, IReadOnlyList<string> classNames)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"Images must be a 4-D tensor [N, C, H, W]; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.shape[0] != labels.Length)
            throw new ArgumentException($"{images.shape[0]} images but {labels.Length} labels.", nameof(labels));
        var bad = labels.FirstOrDefault(l => l < 0 || l >= classNames.Count, -1);
        if (bad != -1)
            throw new ArgumentException($"Label {bad} is outside the {classNames.Count} class names.", nameof(labels));
        Name = name;
        Images = images;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>A short name for messages and plots (e.g. "mnist/train").</summary>
    public string Name { get; }

    /// <summary>float32 [N, C, H, W], values in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>The class index of each image.</summary>
    public long[] Labels { get; }

    /// <summary>The name of each class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per image (1 for grayscale, 3 for RGB).</summary>
    public int Channels => (int)Images.shape[1];

    /// <summary>Image height in pixels.</summary>
    public int Height => (int)Images.shape[2];

    /// <summary>Image width in pixels.</summary>
    public int Width => (int)Images.shape[3];

    /// <summary>Number of classes (named, whether or not every one has images here).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The indices of the images of one class, in order.</summary>
    public int[] IndicesOf(long classIndex) =>
        Enumerable.Range(0, Count).Where(i => Labels[i] == classIndex).ToArray();

    /// <summary>The images at the given indices (a copy), keeping every class name.</summary>
    public LabeledImages Subset(IEnumerable<int> indices, string? name = null)
    {
        var idx = indices.ToArray();
        using var index = tensor(idx.Select(i => (long)i).ToArray(), dtype: int64, device: Images.device);
        return new LabeledImages(name ?? Name, Images.index_select(0, index), idx.Select(i => Labels[i]).ToArray(), ClassNames);
    }

    /// <summary>Only the images of the chosen classes, relabelled 0..k-1 in the order given.</summary>
    public LabeledImages SelectClasses(IReadOnlyList<int> classes, string? name = null)
    {
        var map = classes.Select((c, i) => (c, i)).ToDictionary(p => (long)p.c, p => (long)p.i);
        var idx = Enumerable.Range(0, Count).Where(i => map.ContainsKey(Labels[i])).ToArray();
        using var index = tensor(idx.Select(i => (long)i).ToArray(), dtype: int64, device: Images.device);
        return new LabeledImages(name ?? Name, Images.index_select(0, index),
            idx.Select(i => map[Labels[i]]).ToArray(), classes.Select(c => ClassNames[c]).ToArray());
    }

    /// <summary>The same images on another device.</summary>
    public LabeledImages To(Device device) => new(Name, Images.to(device), Labels, ClassNames);

    /// <summary>The labels as an int64 tensor on the images' device.</summary>
    public Tensor LabelTensor() => tensor(Labels, dtype: int64, device: Images.device);

    /// <inheritdoc />
    public void Dispose() => Images.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} images {Channels}x{Height}x{Width}, {ClassCount} classes";
}
