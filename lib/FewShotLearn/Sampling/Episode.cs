namespace FewShotLearn.Sampling;

/// <summary>
/// One N-way K-shot episode as tensors: a support set (labels relabelled 0..N-1) and a query set
/// (labels 0..N-1 of its own classes). Also keeps the source indices and original classes.
/// Built by <see cref="EpisodeSampler"/>, which groups both sets by class; the episode owns (disposes) the four tensors.
/// </summary>
public sealed class Episode(EpisodeMode mode, Tensor supportImages, Tensor supportLabels, Tensor queryImages, Tensor queryLabels,
    int[] supportClasses, int[] queryClasses, int[] supportIndices, int[] queryIndices, int shots, int queries) : IDisposable
{
    /// <summary>Whether support and query hold the same or disjoint classes.</summary>
    public EpisodeMode Mode { get; } = mode;

    /// <summary>[N*K, C, H, W] support images, grouped by class.</summary>
    public Tensor SupportImages { get; } = supportImages;

    /// <summary>[N*K] int64 labels 0..N-1 (index into <see cref="SupportClasses"/>).</summary>
    public Tensor SupportLabels { get; } = supportLabels;

    /// <summary>[N*Q, C, H, W] query images, grouped by class.</summary>
    public Tensor QueryImages { get; } = queryImages;

    /// <summary>[N*Q] int64 labels 0..N-1 (index into <see cref="QueryClasses"/>).</summary>
    public Tensor QueryLabels { get; } = queryLabels;

    /// <summary>The original class of each support label.</summary>
    public int[] SupportClasses { get; } = supportClasses;

    /// <summary>The original class of each query label (equal to <see cref="SupportClasses"/> in <see cref="EpisodeMode.SameClasses"/>).</summary>
    public int[] QueryClasses { get; } = queryClasses;

    /// <summary>Indices of the support images in the source data set.</summary>
    public int[] SupportIndices { get; } = supportIndices;

    /// <summary>Indices of the query images in the source data set.</summary>
    public int[] QueryIndices { get; } = queryIndices;

    /// <summary>N, the number of classes on each side.</summary>
    public int Ways => SupportClasses.Length;

    /// <summary>K, labelled images per support class.</summary>
    public int Shots { get; } = shots;

    /// <summary>Q, images per query class.</summary>
    public int QueriesPerClass { get; } = queries;

    /// <inheritdoc />
    public void Dispose()
    {
        SupportImages.Dispose();
        SupportLabels.Dispose();
        QueryImages.Dispose();
        QueryLabels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Ways}-way {Shots}-shot episode ({Mode}, {QueriesPerClass} queries per class)";
}
