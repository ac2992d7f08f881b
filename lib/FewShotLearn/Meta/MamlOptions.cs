namespace FewShotLearn.Meta;

/// <summary>
/// Settings of stage 2 (MAML on episodes): episode shape, inner loop (eq. 1: n steps of size alpha) and
/// outer loop (eq. 2: m meta-iterations of size beta over batches of episodes).
/// </summary>
public sealed record MamlOptions
{
    /// <summary>N, classes per episode side.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>K, support images per class.</summary>
    public int Shots { get; init; } = 5;

    /// <summary>Q, query images per class (at least 2 so a metric loss has positive pairs).</summary>
    public int Queries { get; init; } = 5;

    /// <summary>Patent mode (disjoint support/query classes) or the usual same-classes episodes.</summary>
    public EpisodeMode Mode { get; init; } = EpisodeMode.DisjointClasses;

    /// <summary>n, inner steps per episode.</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>alpha, the inner step size.</summary>
    public double InnerLr { get; init; } = 0.1;

    /// <summary>beta, the outer (meta) learning rate (Adam).</summary>
    public double OuterLr { get; init; } = 1e-3;

    /// <summary>Episodes per meta-update.</summary>
    public int MetaBatch { get; init; } = 4;

    /// <summary>m, meta-iterations per stage-2 run.</summary>
    public int MetaIterations { get; init; } = 100;

    /// <summary>First-order MAML (no gradients through the inner gradients).</summary>
    public bool FirstOrder { get; init; }

    /// <summary>The inner (support) loss; <see cref="SupportLossKind.Default"/> is <see cref="SupportLosses.For"/> of the shots.</summary>
    public SupportLossKind InnerLoss { get; init; } = SupportLossKind.Default;

    /// <summary>Meta-SGD: also meta-learn one inner step size per weight (<see cref="LearnedInnerRates"/>), starting at <see cref="InnerLr"/>.</summary>
    public bool LearnInnerRates { get; init; }

    /// <summary>
    /// The label threshold of claims 5 and 12: when set, an episode's support set must hold more labelled images than this
    /// (N x K &gt; threshold) and its query set fewer (N x Q &lt; threshold). Null: no such constraint (the usual MAML episodes,
    /// whose query sets are often larger than their support sets).
    /// </summary>
    public int? LabelThreshold { get; init; }

    /// <summary>Average the query losses over the meta-batch (true) or sum them (false, eq. 2 as written).</summary>
    public bool AverageOverBatch { get; init; } = true;

    /// <summary>Checks the values, naming the bad one and the fix.</summary>
    public void Validate()
    {
        if (Ways < 2) throw new ArgumentException($"Ways (N) must be at least 2 for a metric loss; got {Ways}.");
        if (Shots < 1) throw new ArgumentException($"Shots (K) must be at least 1; got {Shots}.");
        if (Queries < 2) throw new ArgumentException($"Queries per class must be at least 2 (the query loss needs same-class pairs); got {Queries}.");
        if (InnerSteps < 1) throw new ArgumentException($"InnerSteps (n) must be at least 1; got {InnerSteps}.");
        if (!(InnerLr > 0) || !double.IsFinite(InnerLr)) throw new ArgumentException($"InnerLr (alpha) must be a finite number greater than 0; got {InnerLr}.");
        if (!(OuterLr > 0) || !double.IsFinite(OuterLr)) throw new ArgumentException($"OuterLr (beta) must be a finite number greater than 0; got {OuterLr}.");
        if (MetaBatch < 1) throw new ArgumentException($"MetaBatch must be at least 1; got {MetaBatch}.");
        if (MetaIterations < 0) throw new ArgumentException($"MetaIterations (m) must be 0 or more; got {MetaIterations}.");
        if (LabelThreshold is { } t)
        {
            if (Ways * Shots <= t)
                throw new ArgumentException($"The support set must hold more labels than the threshold (claims 5, 12): {Ways} ways x {Shots} shots = {Ways * Shots} <= {t}; raise --shots or --ways, or lower --label-threshold.");
            if (Ways * Queries >= t)
                throw new ArgumentException($"The query set must hold fewer labels than the threshold (claims 5, 12): {Ways} ways x {Queries} queries = {Ways * Queries} >= {t}; lower --queries, or raise --label-threshold.");
        }
    }
}
