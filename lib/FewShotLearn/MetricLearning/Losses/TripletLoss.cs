namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// Triplet margin loss on mined triplets: mean of max(0, d(a, p) - d(a, n) + margin). With the default
/// <see cref="BatchHardMiner"/> this is the batch-hard triplet loss. Anchors of singleton classes are skipped by the miner;
/// a batch with no usable anchor is an error telling how to sample batches (at least 2 classes x 2 images).
/// </summary>
public sealed class TripletLoss : IMetricLoss
{
    /// <summary>Creates the loss with a margin and a miner (batch-hard by default).</summary>
    public TripletLoss(double margin = 0.2, BatchHardMiner? miner = null, DistanceKind distance = DistanceKind.Euclidean)
    {
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must not be negative.");
        Margin = margin;
        Distance = distance;
        Miner = miner ?? new BatchHardMiner(distance);
    }

    /// <summary>Required gap between the positive and the negative distance.</summary>
    public double Margin { get; }

    /// <summary>The distance of the loss.</summary>
    public DistanceKind Distance { get; }

    /// <summary>The miner choosing one (positive, negative) per anchor.</summary>
    public BatchHardMiner Miner { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor embeddings, Tensor labels)
    {
        LossChecks.Batch(embeddings, labels, minimum: 3);
        using var scope = NewDisposeScope();
        using var triplets = Miner.Mine(embeddings, labels);
        if (triplets.Count == 0)
            throw new ArgumentException("The batch has no anchor with both a positive (same class) and a negative (other class): " +
                "sample at least 2 classes with at least 2 images each (e.g. ClassBalancedBatchSampler with K >= 2).");
        var d = PairwiseDistances.Pairwise(embeddings, embeddings, Distance);
        var da = d.index_select(0, triplets.Anchors);
        var dap = da.gather(1, triplets.Positives.unsqueeze(1)).squeeze(1);
        var dan = da.gather(1, triplets.Negatives.unsqueeze(1)).squeeze(1);
        return (dap - dan + Margin).clamp_min(0).mean().MoveToOuterDisposeScope();
    }
}
