namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// A metric-learning loss: consumes a batch of embeddings and their labels and is small when images of
/// the same class are close and images of different classes are far. Implementations: contrastive,
/// triplet (batch-hard), prototype/NCA.
/// </summary>
public interface IMetricLoss
{
    /// <summary>The loss (a scalar tensor, differentiable w.r.t. <paramref name="embeddings"/>).</summary>
    /// <param name="embeddings">[B, D] embeddings (usually L2-normalised).</param>
    /// <param name="labels">[B] int64 class labels.</param>
    Tensor Compute(Tensor embeddings, Tensor labels);
}
