namespace FewShotLearn.FewShot;

/// <summary>Settings of the cross-domain evaluation: task shape, number of tasks, retrieval cut-off and target adaptation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>N, target classes per task.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>K, labelled target images per class (the support set S_t).</summary>
    public int Shots { get; init; } = 1;

    /// <summary>Unlabelled database images per class; each is also used as a query against the others.</summary>
    public int DatabasePerClass { get; init; } = 15;

    /// <summary>Number of sampled target tasks (the mean ± 95% interval is over these).</summary>
    public int Tasks { get; init; } = 50;

    /// <summary>k of precision@k and recall@k.</summary>
    public int K { get; init; } = 5;

    /// <summary>Fine-tuning steps on S_t (every fine-tuning method alike); few, to avoid over-fitting.</summary>
    public int AdaptSteps { get; init; } = 5;

    /// <summary>Fine-tuning step size on S_t.</summary>
    public double AdaptLr { get; init; } = 0.1;

    /// <summary>Seed of task sampling.</summary>
    public int Seed { get; init; } = Runtime.Seeding.DefaultSeed;

    /// <summary>The adaptation to S_t every fine-tuning method gets: <see cref="TargetAdaptation.For"/> K shots, <see cref="AdaptSteps"/>, <see cref="AdaptLr"/>.</summary>
    public TargetAdaptation Adaptation => TargetAdaptation.For(Shots, AdaptSteps, AdaptLr);

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (Ways < 2) throw new ArgumentException($"Ways must be at least 2; got {Ways}.");
        if (Shots < 1) throw new ArgumentException($"Shots must be at least 1; got {Shots}.");
        if (DatabasePerClass < 2) throw new ArgumentException($"DatabasePerClass must be at least 2 (a query needs a relevant image besides itself); got {DatabasePerClass}.");
        if (Tasks < 2) throw new ArgumentException($"Tasks must be at least 2 for a confidence interval; got {Tasks}.");
        if (K < 1 || K > Ways * DatabasePerClass - 1) throw new ArgumentException($"K must be between 1 and {Ways * DatabasePerClass - 1} (database size minus the query); got {K}.");
    }
}
