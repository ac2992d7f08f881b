using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>Settings of the repetition of pretraining and meta-training (step 230) and of its meta-validation agreement check.</summary>
public sealed record PipelineOptions
{
    /// <summary>Most rounds of (pretraining, meta-training).</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Stop when |score(pretrained) - score(meta-trained)| on the meta-validation episodes is at most this.</summary>
    public double Tolerance { get; init; } = 0.02;

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
        if (ValidationEpisodes < 1) throw new ArgumentException($"ValidationEpisodes must be at least 1; got {ValidationEpisodes}.");
    }
}
