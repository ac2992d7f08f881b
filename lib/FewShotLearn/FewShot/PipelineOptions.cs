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

    /// <summary>
    /// Stage 1's learning rate in round r is its base rate times this to the power r - 1 (1: the same in every round). Below 1,
    /// later rounds of stage 1 on D1 move the network less, the alternation settles, and the gap of step 230 can close.
    /// </summary>
    public double Stage1LearningRateDecay { get; init; } = 1.0;

    /// <summary>Held-out episodes scored each round (fixed for all rounds).</summary>
    public int HeldOutEpisodes { get; init; } = 20;

    /// <summary>N of the held-out episodes.</summary>
    public int HeldOutWays { get; init; } = 5;

    /// <summary>K of the held-out episodes.</summary>
    public int HeldOutShots { get; init; } = 1;

    /// <summary>Queries per class of the held-out episodes.</summary>
    public int HeldOutQueries { get; init; } = 5;

    /// <summary>True when the network already went through stage 1 (e.g. <c>fewshot pretrain</c>): round 1 then starts with stage 2.</summary>
    public bool Stage1AlreadyDone { get; init; }

    /// <summary>
    /// Also train the ablation model of method (e), <see cref="FewShotPipeline.DomainTrained"/>: stage 1, then plain metric
    /// training on D2 with as many images as stage 2 sees, each round. Off by default; costs little next to MAML.
    /// </summary>
    public bool TrainDomainBaseline { get; init; }

    /// <summary>Seed of episode sampling.</summary>
    public int Seed { get; init; } = Runtime.Seeding.DefaultSeed;

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (MaxRounds < 1) throw new ArgumentException($"MaxRounds must be at least 1; got {MaxRounds}.");
        if (Tolerance < 0) throw new ArgumentException($"Tolerance must be 0 or more; got {Tolerance}.");
        if (!(Stage1LearningRateDecay > 0 && Stage1LearningRateDecay <= 1)) throw new ArgumentException($"Stage1LearningRateDecay must be in (0, 1]; got {Stage1LearningRateDecay}.");
        if (HeldOutEpisodes < 1) throw new ArgumentException($"HeldOutEpisodes must be at least 1; got {HeldOutEpisodes}.");
    }
}
