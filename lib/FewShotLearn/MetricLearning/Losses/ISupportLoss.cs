namespace FewShotLearn.MetricLearning.Losses;

/// <summary>
/// The loss of an inner step (MAML's eq. 1) or of the few-step adaptation to a target support set: it gets the
/// support images and a way to embed them (the learner's fast weights), so it may embed more than the images
/// themselves (e.g. augmented views, <see cref="AugmentedViewsLoss"/>). A plain <see cref="IMetricLoss"/> on the
/// support embeddings is <see cref="SupportLoss.Of"/>.
/// </summary>
public interface ISupportLoss
{
    /// <summary>The loss of the support set (a scalar, differentiable through <paramref name="embed"/>).</summary>
    /// <param name="embed">Embeds images [B, C, H, W] into [B, D] with the weights being adapted.</param>
    /// <param name="images">Support images [B, C, H, W].</param>
    /// <param name="labels">Support labels [B] (int64).</param>
    Tensor Compute(Func<Tensor, Tensor> embed, Tensor images, Tensor labels);
}

/// <summary>Adapters between metric losses and support losses.</summary>
public static class SupportLoss
{
    /// <summary>A metric loss on the support embeddings: <c>loss.Compute(embed(images), labels)</c>.</summary>
    public static ISupportLoss Of(IMetricLoss loss) => new OnEmbeddings(loss);

    /// <summary>The metric loss of <see cref="Of"/>; its name is the loss's type name.</summary>
    public sealed record OnEmbeddings(IMetricLoss Loss) : ISupportLoss
    {
        /// <inheritdoc />
        public Tensor Compute(Func<Tensor, Tensor> embed, Tensor images, Tensor labels) => Loss.Compute(embed(images), labels);

        /// <inheritdoc />
        public override string ToString() => Loss.GetType().Name;
    }
}
