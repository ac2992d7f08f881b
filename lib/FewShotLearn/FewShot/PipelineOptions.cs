namespace FewShotLearn.FewShot;

/// <summary>Settings of the repetition of pretraining and meta-training (step 230) and of its meta-validation agreement check.</summary>
public sealed record PipelineOptions
{
    /// <summary>Most rounds of (pretraining, meta-training).</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Stop when |score(pretrained) - score(meta-trained)| on the meta-validation episodes is at most this.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>
    /// Pretraining's learning rate in round r is its base rate times this to the power r - 1 (1: the same in every round). Below 1,
    /// later rounds of pretraining on the source set move the network less, the alternation settles, and the gap of step 230 can close.
    /// </summary>
    public double PretrainingLearningRateDecay { get; init; } = 1.0;

    /// <summary>Meta-validation episodes scored each round (fixed for all rounds).</summary>
    public int ValidationEpisodes { get; init; } = 20;

    /// <summary>N of the meta-validation episodes (clamped to the meta-validation classes).</summary>
    public int ValidationWays { get; init; } = 5;

    /// <summary>K of the meta-validation episodes.</summary>
    public int ValidationShots { get; init; } = 1;

    /// <summary>Queries per class of the meta-validation episodes.</summary>
    public int ValidationQueries { get; init; } = 5;

    /// <summary>True when the network is already pretrained (e.g. <c>fewshot pretrain</c>): round 1 then starts with meta-training.</summary>
    public bool AlreadyPretrained { get; init; }

    /// <summary>Seed of episode sampling.</summary>
    public int Seed { get; init; } = Runtime.Seeding.DefaultSeed;

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (MaxRounds < 1) throw new ArgumentException($"MaxRounds must be at least 1; got {MaxRounds}.");
        if (Tolerance < 0) throw new ArgumentException($"Tolerance must be 0 or more; got {Tolerance}.");
        if (!(PretrainingLearningRateDecay > 0 && PretrainingLearningRateDecay <= 1)) throw new ArgumentException($"PretrainingLearningRateDecay must be in (0, 1]; got {PretrainingLearningRateDecay}.");
        if (ValidationEpisodes < 1) throw new ArgumentException($"ValidationEpisodes must be at least 1; got {ValidationEpisodes}.");
    }
}
