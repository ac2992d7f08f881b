namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// Contrastive loss (Hadsell et al. 2006) over every pair of the batch: mean over same-class pairs of d^2 plus mean over
/// other-class pairs of max(0, margin - d)^2, with d the Euclidean distance. A batch without positive pairs (all
/// singleton classes) contributes only the negative term, and vice versa; a batch of fewer than 2 images is an error.
/// </summary>
public sealed class ContrastiveLoss : IMetricLoss
{
    /// <summary>Creates the loss; other-class pairs closer than <paramref name="margin"/> are pushed apart.</summary>
    public ContrastiveLoss(double margin = 0.5)
    {
        if (margin <= 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be positive.");
        Margin = margin;
    }

    /// <summary>Distance below which negatives are penalised.</summary>
    public double Margin { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor embeddings, Tensor labels)
    {
        LossChecks.Batch(embeddings, labels, minimum: 2);
        using var scope = NewDisposeScope();
        var n = labels.shape[0];
        var d = PairwiseDistances.Euclidean(embeddings, embeddings);
        var upper = ones(n, n, dtype: ScalarType.Bool, device: labels.device).triu(1);
        var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        var pos = same.logical_and(upper).to_type(embeddings.dtype);
        var neg = same.logical_not().logical_and(upper).to_type(embeddings.dtype);
        var posTerm = (d.pow(2) * pos).sum() / pos.sum().clamp_min(1);
        var negTerm = ((Margin - d).clamp_min(0).pow(2) * neg).sum() / neg.sum().clamp_min(1);
        return (posTerm + negTerm).MoveToOuterDisposeScope();
    }
}
