namespace FewShotLearn.Vision;

/// <summary>
/// A fixed random shuffle of pixel positions, the same for every image. An MLP cannot tell shuffled from original
/// images apart (its first layer just sees the inputs in another order), a CNN can (neighbours are no longer neighbours).
/// </summary>
public sealed class PixelPermutation
{
    readonly long[] order;

    /// <summary>A seeded permutation of the H*W pixel positions.</summary>
    public PixelPermutation(int height, int width, int seed)
    {
        Height = height; Width = width;
        var random = new Random(seed);
        order = Enumerable.Range(0, height * width).Select(i => (long)i).OrderBy(_ => random.Next()).ToArray();
    }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Output pixel i takes input pixel Order[i] (row-major).</summary>
    public IReadOnlyList<long> Order => order;

    /// <summary>Shuffles the pixels of every image in [N, C, H, W] (the same shuffle in every channel).</summary>
    public Tensor Apply(Tensor images)
    {
        if (images.dim() != 4 || images.shape[2] != Height || images.shape[3] != Width)
            throw new ArgumentException($"Expected images [N, C, {Height}, {Width}]; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        using var index = tensor(order, dtype: int64, device: images.device);
        return images.flatten(2).index_select(2, index).reshape(images.shape);
    }

    /// <summary>The same labelled set with shuffled pixels.</summary>
    public LabeledImages Apply(LabeledImages data) => new(data.Name + " (pixels shuffled)", Apply(data.Images), data.Labels, data.ClassNames);

    /// <summary>Rearranges an MLP's first-layer weight columns [hidden, C*H*W] (C = 1) so that, on shuffled images, it computes
    /// exactly what the original weights computed on the original images.</summary>
    public Tensor PermuteWeightColumns(Tensor weight)
    {
        if (weight.dim() != 2 || weight.shape[1] != order.Length)
            throw new ArgumentException($"Expected first-layer weights [hidden, {order.Length}]; got shape [{string.Join(", ", weight.shape)}].", nameof(weight));
        using var index = tensor(order, dtype: int64, device: weight.device);
        return weight.index_select(1, index);
    }
}
