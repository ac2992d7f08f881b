namespace FewShotLearn.MetricLearning.Losses;

/// <summary>Shared argument checks of the metric losses.</summary>
static class LossChecks
{
    internal static void Batch(Tensor embeddings, Tensor labels, int minimum)
    {
        if (embeddings.dim() != 2)
            throw new ArgumentException($"Embeddings must be [B, D]; got [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        if (labels.dim() != 1 || labels.shape[0] != embeddings.shape[0])
            throw new ArgumentException($"Labels must be [B] with B = {embeddings.shape[0]}; got [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Labels must be int64; got {labels.dtype}.", nameof(labels));
        if (embeddings.shape[0] < minimum)
            throw new ArgumentException($"A metric loss needs at least {minimum} embeddings in the batch; got {embeddings.shape[0]}.", nameof(embeddings));
    }
}
