namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// Prototypical loss (Snell et al. 2017) in a leave-one-out form for a single batch: each embedding is classified by a
/// softmax over -scale * squared Euclidean distance to the class prototypes (class means), where its own class's prototype
/// is computed without it. Members of singleton classes are skipped as queries (no prototype without them) but their
/// prototypes still act as negatives; a batch without any class of 2+ images, or with a single class, is an error.
/// </summary>
public sealed class PrototypeLoss : IMetricLoss
{
    /// <summary>Creates the loss; <paramref name="scale"/> sharpens the softmax (distances of unit vectors lie in [0, 4]).</summary>
    public PrototypeLoss(double scale = 10.0)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        Scale = scale;
    }

    /// <summary>Multiplier of the negative squared distances before the softmax (inverse temperature).</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor embeddings, Tensor labels)
    {
        LossChecks.Batch(embeddings, labels, minimum: 2);
        using var scope = NewDisposeScope();
        var (classes, inverse, counts) = torch.unique(labels, sorted: true, return_inverse: true, return_counts: true);
        var c = classes.shape[0];
        if (c < 2)
            throw new ArgumentException("The prototypical loss needs at least 2 classes in the batch; got 1.");
        var (protos, sums, cnt) = Prototypes.Compute(embeddings, inverse!, c);                // [C, D], [C, D], [C]
        var d = PairwiseDistances.SquaredEuclidean(embeddings, protos);                               // [B, C]
        // Own-class prototype without the point itself: (sum - x) / (n - 1).
        var own = inverse!;
        var nOwn = cnt.index_select(0, own);                                                  // [B]
        var valid = nOwn.gt(1);
        if (!valid.any().item<bool>())
            throw new ArgumentException("The prototypical loss needs a class with at least 2 images in the batch (every class here is a singleton).");
        var loo = (sums.index_select(0, own) - embeddings) / (nOwn - 1).clamp_min(1).unsqueeze(1);
        var dOwn = (embeddings - loo).pow(2).sum(1);                                          // [B]
        d = d.scatter(1, own.unsqueeze(1), dOwn.unsqueeze(1));
        var logp = nn.functional.log_softmax(-Scale * d, 1);
        var nll = -logp.gather(1, own.unsqueeze(1)).squeeze(1);
        var v = valid.nonzero().squeeze(1);
        return nll.index_select(0, v).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The episodic form: prototypes from a support set, cross-entropy of the query set over them. Labels of both sets
    /// index the same classes; every query class must occur in the support set.
    /// </summary>
    public Tensor ComputeEpisode(Tensor support, Tensor supportLabels, Tensor query, Tensor queryLabels)
    {
        LossChecks.Batch(support, supportLabels, minimum: 1);
        LossChecks.Batch(query, queryLabels, minimum: 1);
        using var scope = NewDisposeScope();
        var (classes, inverse, counts) = torch.unique(supportLabels, sorted: true, return_inverse: true, return_counts: true);
        var c = classes.shape[0];
        var protos = Prototypes.Means(support, inverse!, c);
        // Map query labels to prototype rows.
        var match = queryLabels.unsqueeze(1).eq(classes.unsqueeze(0));                      // [Q, C]
        if (!match.any(1).all().item<bool>())
            throw new ArgumentException("Every query label must occur in the support set.");
        var target = match.to_type(ScalarType.Int64).argmax(1);
        var logits = -Scale * PairwiseDistances.SquaredEuclidean(query, protos);
        return nn.functional.cross_entropy(logits, target).MoveToOuterDisposeScope();
    }
}
