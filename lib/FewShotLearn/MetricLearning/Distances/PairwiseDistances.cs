namespace FewShotLearn.MetricLearning.Distances;

/// <summary>Pairwise distance matrices between two sets of vectors, computed as batched matrix products on the tensors' device.</summary>
public static class PairwiseDistances
{
    /// <summary>Smallest squared distance fed to the square root, so that the gradient at coincident points stays finite.</summary>
    public const double SqrtEpsilon = 1e-12;

    /// <summary>[M, N] matrix of distances between the rows of <paramref name="a"/> [M, D] and <paramref name="b"/> [N, D].</summary>
    public static Tensor Pairwise(Tensor a, Tensor b, DistanceKind kind = DistanceKind.Euclidean) => kind switch
    {
        DistanceKind.Euclidean => Euclidean(a, b),
        DistanceKind.SquaredEuclidean => SquaredEuclidean(a, b),
        DistanceKind.Cosine => Cosine(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown distance kind."),
    };

    /// <summary>Squared Euclidean distances ||a_i||^2 + ||b_j||^2 - 2 a_i.b_j, clamped at 0 against rounding.</summary>
    public static Tensor SquaredEuclidean(Tensor a, Tensor b)
    {
        Check(a, b);
        using var scope = NewDisposeScope();
        var aa = a.pow(2).sum(1, keepdim: true);
        var bb = b.pow(2).sum(1).unsqueeze(0);
        var d = (aa + bb - 2 * a.matmul(b.t())).clamp_min(0);
        return d.MoveToOuterDisposeScope();
    }

    /// <summary>Euclidean distances; coincident points get sqrt(<see cref="SqrtEpsilon"/>) = 1e-6 instead of 0 so the gradient is finite.</summary>
    public static Tensor Euclidean(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return SquaredEuclidean(a, b).clamp_min(SqrtEpsilon).sqrt().MoveToOuterDisposeScope();
    }

    /// <summary>Cosine distances 1 - a_i.b_j / (||a_i|| ||b_j||), in [0, 2].</summary>
    public static Tensor Cosine(Tensor a, Tensor b)
    {
        Check(a, b);
        using var scope = NewDisposeScope();
        var an = nn.functional.normalize(a, p: 2, dim: 1, eps: 1e-12);
        var bn = nn.functional.normalize(b, p: 2, dim: 1, eps: 1e-12);
        return (1 - an.matmul(bn.t())).MoveToOuterDisposeScope();
    }

    static void Check(Tensor a, Tensor b)
    {
        if (a.dim() != 2 || b.dim() != 2)
            throw new ArgumentException($"Distances need 2-D [N, D] tensors; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException($"Both sets must have the same dimension; got {a.shape[1]} and {b.shape[1]}.");
    }
}
