namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// A softmax over squared distances to the support images with a temperature: every support image is classified among
/// the class prototypes of the batch (class means, its own class's prototype including itself), mean of
/// -log softmax(-scale * d^2)[own class]. With one image per class this is -log(1 / (1 + sum_{j != i} exp(-scale d_ij^2))):
/// it is positive for any finite embedding and its gradient never vanishes, unlike the contrastive loss, whose negative
/// pairs stop contributing once they are a margin apart (the 1-shot inner loss then sits at exactly zero and an inner
/// step changes nothing). It is the 1-shot limit of the prototype loss (Snell et al. 2017) with the image as its own
/// query, i.e. the uniformity term of Wang and Isola (2020): it only spreads classes apart, it has no positive pairs.
/// </summary>
public sealed class SupportSoftmaxLoss : IMetricLoss
{
    /// <summary>Creates the loss; <paramref name="scale"/> is the inverse temperature (distances of unit vectors lie in [0, 4]).</summary>
    public SupportSoftmaxLoss(double scale = 10.0)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale (inverse temperature) must be positive and finite.");
        Scale = scale;
    }

    /// <summary>Multiplier of the negative squared distances before the softmax.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor embeddings, Tensor labels)
    {
        LossChecks.Batch(embeddings, labels, minimum: 2);
        using var scope = NewDisposeScope();
        var (classes, inverse, counts) = unique(labels, sorted: true, return_inverse: true, return_counts: true);
        var c = classes.shape[0];
        if (c < 2) throw new ArgumentException("The support softmax loss needs at least 2 classes in the batch; got 1.");
        var onehot = nn.functional.one_hot(inverse!, c).to_type(embeddings.dtype);
        var protos = onehot.t().matmul(embeddings) / counts!.to_type(embeddings.dtype).unsqueeze(1);
        var logp = nn.functional.log_softmax(-Scale * PairwiseDistances.SquaredEuclidean(embeddings, protos), 1);
        return (-logp.gather(1, inverse!.unsqueeze(1))).mean().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"softmax (scale {Scale})";
}
