using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>Settings of the repetition of stages 1 and 2 (step 230) and of its held-out agreement check.</summary>
public sealed record PipelineOptions
{
    /// <summary>Most rounds of (stage 1, stage 2).</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Stop when |score(stage 1) - score(stage 2)| on the held-out episodes is at most this.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>Held-out episodes scored each round (fixed for all rounds).</summary>
    public int ValidationEpisodes { get; init; } = 20;

    /// <summary>N of the held-out episodes.</summary>
    public int ValidationWays { get; init; } = 5;

    /// <summary>K of the held-out episodes.</summary>
    public int ValidationShots { get; init; } = 1;

    /// <summary>Queries per class of the held-out episodes.</summary>
    public int ValidationQueries { get; init; } = 5;

    /// <summary>True when the network already went through stage 1 (e.g. <c>fewshot pretrain</c>): round 1 then starts with stage 2.</summary>
    public bool AlreadyPretrained { get; init; }

    /// <summary>
    /// Also train the ablation model of method (e), <see cref="FewShotPipeline.MetaTrainTrained"/>: stage 1, then plain metric
    /// training on D2 with as many images as stage 2 sees, each round. Off by default; costs little next to MAML.
    /// </summary>
    public bool TrainMetaTrainBaseline { get; init; }

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
