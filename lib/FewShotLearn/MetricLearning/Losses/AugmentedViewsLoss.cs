namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// A support loss with positives at one shot: each support image gets <see cref="Views"/> augmented views (a random
/// shift by up to <see cref="MaxShift"/> of the image size and a rotation by up to <see cref="MaxDegrees"/>, borders
/// repeated so inverted images keep their background), and every view is classified among the class prototypes of the
/// original support images by a softmax over -scale * squared distance (the prototypical loss with the views as
/// queries). A view must land nearest its own image: this is the loss the outer loop optimises (query images against
/// support prototypes), made available inside the episode from the support set alone, as in self-supervised instance
/// discrimination (Dosovitskiy et al. 2014; Chen et al. 2020). Being a cross-entropy it is positive for any finite
/// embedding, so the inner step always moves. Views are drawn from a seeded generator (deterministic by seed).
/// </summary>
public sealed class AugmentedViewsLoss : ISupportLoss
{
    private readonly Generator _generator;

    /// <summary>Creates the loss.</summary>
    public AugmentedViewsLoss(double scale = 10.0, int views = 1, double maxShift = 0.1, double maxDegrees = 10, int seed = 0)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale (inverse temperature) must be positive and finite.");
        if (views is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(views), views, "Views per support image must be between 1 and 16.");
        if (!(maxShift >= 0 && maxShift <= 0.5)) throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, "The shift must be between 0 and 0.5 of the image size.");
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "The rotation must be between 0 and 180 degrees.");
        Scale = scale;
        Views = views;
        MaxShift = maxShift;
        MaxDegrees = maxDegrees;
        _generator = new Generator((ulong)seed);
    }

    /// <summary>Inverse temperature of the softmax.</summary>
    public double Scale { get; }

    /// <summary>Augmented views per support image.</summary>
    public int Views { get; }

    /// <summary>Largest shift, as a fraction of the image size.</summary>
    public double MaxShift { get; }

    /// <summary>Largest rotation in degrees.</summary>
    public double MaxDegrees { get; }

    /// <inheritdoc />
    public Tensor Compute(Func<Tensor, Tensor> embed, Tensor images, Tensor labels)
    {
        if (images.dim() != 4) throw new ArgumentException($"Support images must be [B, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0]) throw new ArgumentException($"Labels must be [B] with B = {images.shape[0]}.", nameof(labels));
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var views = Augment(images.repeat(Views, 1, 1, 1));
        var all = embed(cat([images, views], 0));
        var support = all.narrow(0, 0, n);
        var viewEmbeddings = all.narrow(0, n, n * Views);
        var (classes, inverse, counts) = unique(labels, sorted: true, return_inverse: true, return_counts: true);
        var c = classes.shape[0];
        if (c < 2) throw new ArgumentException("The augmented-views loss needs at least 2 classes in the support set; got 1.");
        var onehot = nn.functional.one_hot(inverse!, c).to_type(support.dtype);
        var protos = onehot.t().matmul(support) / counts!.to_type(support.dtype).unsqueeze(1);
        var target = inverse!.repeat(Views);
        var logits = -Scale * PairwiseDistances.SquaredEuclidean(viewEmbeddings, protos);
        return nn.functional.cross_entropy(logits, target).MoveToOuterDisposeScope();
    }

    /// <summary>Random shift and rotation of each image [N, C, H, W], borders repeated (no gradient to the images is needed).</summary>
    public Tensor Augment(Tensor images)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var r = (rand(new long[] { n, 3 }, generator: _generator) * 2 - 1).to(images.device);
        var angle = r[.., 0] * (MaxDegrees * Math.PI / 180);
        var (cos, sin) = (angle.cos(), angle.sin());
        var tx = r[.., 1] * (2 * MaxShift);
        var ty = r[.., 2] * (2 * MaxShift);
        var theta = stack([cos, -sin, tx, sin, cos, ty], 1).reshape(n, 2, 3).to(images.dtype);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, padding_mode: GridSamplePaddingMode.Border, align_corners: false).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"augmented views (scale {Scale}, {Views} view{(Views == 1 ? "" : "s")})";
}
