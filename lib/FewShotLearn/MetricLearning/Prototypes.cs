namespace FewShotLearn.MetricLearning;

/// <summary>Class prototypes (Snell et al. 2017): the mean embedding of each class. The one prototype computation of the library.</summary>
public static class Prototypes
{
    /// <summary>
    /// Per-class sums [C, D], counts [C] and means [C, D] of <paramref name="embeddings"/> [B, D] whose classes are
    /// <paramref name="classIndex"/> [B] in 0..<paramref name="classes"/>-1; a class without images has a zero mean.
    /// </summary>
    public static (Tensor Means, Tensor Sums, Tensor Counts) Compute(Tensor embeddings, Tensor classIndex, long classes)
    {
        using var scope = NewDisposeScope();
        var onehot = nn.functional.one_hot(classIndex, classes).to_type(embeddings.dtype);   // [B, C]
        var sums = onehot.t().matmul(embeddings);                                               // [C, D]
        var counts = onehot.sum(dim: 0L);                                                       // [C]
        var means = sums / counts.clamp_min(1).unsqueeze(1);
        return (means.MoveToOuterDisposeScope(), sums.MoveToOuterDisposeScope(), counts.MoveToOuterDisposeScope());
    }

    /// <summary>The mean embedding of each class 0..<paramref name="classes"/>-1: [C, D].</summary>
    public static Tensor Means(Tensor embeddings, Tensor classIndex, long classes)
    {
        var (means, sums, counts) = Compute(embeddings, classIndex, classes);
        sums.Dispose();
        counts.Dispose();
        return means;
    }
}
