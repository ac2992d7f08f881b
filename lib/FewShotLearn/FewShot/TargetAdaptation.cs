namespace FewShotLearn.FewShot;

/// <summary>
/// The adaptation to a target support set S_t (step 4) that every fine-tuning method gets alike: <see cref="Steps"/> plain
/// gradient steps of size <see cref="Lr"/> on <see cref="Loss"/>, from the method's own weights.
/// </summary>
public sealed record TargetAdaptation(ISupportLoss Loss, int Steps, double Lr)
{
    /// <summary>The default for K shots: <see cref="SupportLosses.For"/>, with the given steps and step size.</summary>
    public static TargetAdaptation For(int shots, int steps, double lr, int seed = 0) => new(SupportLosses.For(shots, seed), steps, lr);

    /// <summary>Fine-tunes a copy of <paramref name="net"/>'s parameters on the support set; <paramref name="net"/> is unchanged.</summary>
    public AdaptedModel Adapt(EmbeddingNet net, Tensor supportImages, Tensor supportLabels) =>
        new Adaptation(net.ForwardWith, Loss, Steps, Lr).Adapt(net, supportImages, supportLabels);
}
