namespace FewShotLearn.MetricLearning.Distances;

/// <summary>Which pairwise distance a loss, miner or index uses.</summary>
public enum DistanceKind
{
    /// <summary>Euclidean distance ||a - b||.</summary>
    Euclidean,
    /// <summary>Squared Euclidean distance ||a - b||^2.</summary>
    SquaredEuclidean,
    /// <summary>Cosine distance 1 - cos(a, b).</summary>
    Cosine,
}
