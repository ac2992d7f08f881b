namespace FewShotLearn.MetricLearning.Losses;

/// <summary>The losses an inner step or a target adaptation can minimise on a support set.</summary>
public enum SupportLossKind
{
    /// <summary>The loss chosen for the shot count: <see cref="SupportLosses.For"/>.</summary>
    Default,

    /// <summary>Contrastive loss on the support embeddings (margin 0.5). At one shot it has negative pairs only and is 0 once they are a margin apart.</summary>
    Contrastive,

    /// <summary>Leave-one-out prototype loss on the support embeddings (needs 2+ images in some class).</summary>
    Prototype,

    /// <summary><see cref="SupportSoftmaxLoss"/>: softmax over distances to the support prototypes with a temperature (never zero).</summary>
    Softmax,

    /// <summary><see cref="AugmentedViewsLoss"/>: augmented views of each support image classified among the support prototypes (positives at one shot).</summary>
    AugmentedViews,
}

/// <summary>Default and named support losses (the inner loss of MAML and the loss of the target adaptation).</summary>
public static class SupportLosses
{
    /// <summary>
    /// The default for K shots. K >= 2: the leave-one-out prototype loss. K = 1 has no positive pairs; the contrastive loss
    /// then only pushes classes apart and can sit at 0 (every negative pair a margin apart), so the inner step does nothing;
    /// the default is still the one the meta-validation sweep chose (<see cref="OneShotDefault"/>; <c>fewshot benchmark sweep</c>).
    /// </summary>
    public static ISupportLoss For(int shots, int seed = 0) => Create(shots >= 2 ? SupportLossKind.Prototype : OneShotDefault, shots, seed);

    /// <summary>
    /// The 1-shot default, chosen on meta-validation classes by the sweep (lib/docs/meta-learning.md): the contrastive loss,
    /// 1 inner step, alpha 0.1, second order. The non-saturating losses (<see cref="SupportLossKind.Softmax"/>,
    /// <see cref="SupportLossKind.AugmentedViews"/>) make the inner step move the weights, but scored lower mAP@R there.
    /// </summary>
    public const SupportLossKind OneShotDefault = SupportLossKind.Contrastive;

    /// <summary>A support loss by kind (<see cref="SupportLossKind.Default"/>: <see cref="For"/>); prototype at one shot is an error naming the fix.</summary>
    public static ISupportLoss Create(SupportLossKind kind, int shots, int seed = 0) => kind switch
    {
        SupportLossKind.Default => For(shots, seed),
        SupportLossKind.Contrastive => SupportLoss.Of(new ContrastiveLoss()),
        SupportLossKind.Prototype when shots < 2 => throw new ArgumentException(
            "The prototype support loss needs at least 2 shots (a class prototype without the image itself); at 1 shot use Softmax or AugmentedViews."),
        SupportLossKind.Prototype => SupportLoss.Of(new PrototypeLoss()),
        SupportLossKind.Softmax => SupportLoss.Of(new SupportSoftmaxLoss()),
        SupportLossKind.AugmentedViews => new AugmentedViewsLoss(seed: seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown support loss."),
    };

    /// <summary>Parses a CLI name: contrastive, prototype, softmax, views (or augmented-views), default.</summary>
    public static SupportLossKind Parse(string name, string option = "--inner-loss") => name.Trim().ToLowerInvariant() switch
    {
        "default" => SupportLossKind.Default,
        "contrastive" => SupportLossKind.Contrastive,
        "prototype" => SupportLossKind.Prototype,
        "softmax" => SupportLossKind.Softmax,
        "views" or "augmented-views" => SupportLossKind.AugmentedViews,
        _ => throw new ArgumentException($"Unknown {option} '{name}'. Use default, contrastive, prototype, softmax or views."),
    };
}
