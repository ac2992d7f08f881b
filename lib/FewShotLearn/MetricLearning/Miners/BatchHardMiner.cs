namespace FewShotLearn.MetricLearning.Miners;

/// <summary>The mined triplets of a batch as index tensors (int64, same length): anchor, its positive and its negative.</summary>
public sealed record Triplets(Tensor Anchors, Tensor Positives, Tensor Negatives) : IDisposable
{
    /// <summary>Number of triplets.</summary>
    public long Count => Anchors.shape[0];

    /// <inheritdoc />
    public void Dispose() { Anchors.Dispose(); Positives.Dispose(); Negatives.Dispose(); }
}

/// <summary>
/// Batch-hard mining (Hermans et al. 2017): for each anchor, the farthest image of its own class and the closest image
/// of another class. Anchors without any positive (singleton class) or without any negative (one-class batch) are skipped.
/// </summary>
public sealed class BatchHardMiner
{
    /// <summary>Creates a miner measuring with <paramref name="distance"/>.</summary>
    public BatchHardMiner(DistanceKind distance = DistanceKind.Euclidean) => Distance = distance;

    /// <summary>The distance used to rank positives and negatives.</summary>
    public DistanceKind Distance { get; }

    /// <summary>Mines one triplet per valid anchor. Indices only: no gradient flows through mining.</summary>
    public Triplets Mine(Tensor embeddings, Tensor labels)
    {
        if (embeddings.dim() != 2 || labels.dim() != 1 || embeddings.shape[0] != labels.shape[0])
            throw new ArgumentException($"Expected embeddings [B, D] and labels [B]; got [{string.Join(", ", embeddings.shape)}] and [{string.Join(", ", labels.shape)}].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = PairwiseDistances.Pairwise(embeddings.detach(), embeddings.detach(), Distance);
        var n = labels.shape[0];
        var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        var eye = torch.eye(n, dtype: ScalarType.Bool, device: labels.device);
        var positive = same.logical_and(eye.logical_not());
        var negative = same.logical_not();
        // Hardest positive: largest distance among positives (non-positives pushed to -inf).
        var posD = d.masked_fill(positive.logical_not(), double.NegativeInfinity);
        var hardestPos = posD.argmax(1);
        // Hardest negative: smallest distance among negatives (non-negatives pushed to +inf).
        var negD = d.masked_fill(negative.logical_not(), double.PositiveInfinity);
        var hardestNeg = negD.argmin(1);
        var valid = positive.any(1).logical_and(negative.any(1));
        var anchors = valid.nonzero().squeeze(1);
        return new Triplets(anchors.MoveToOuterDisposeScope(),
            hardestPos.index_select(0, anchors).MoveToOuterDisposeScope(),
            hardestNeg.index_select(0, anchors).MoveToOuterDisposeScope());
    }
}
