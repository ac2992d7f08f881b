namespace FewShotLearn.Sampling;

/// <summary>How the classes of an episode's support and query sets relate.</summary>
public enum EpisodeMode
{
    /// <summary>The patent's episodes: the query set holds N classes different from the support set's N classes.</summary>
    DisjointClasses,

    /// <summary>The usual few-shot episodes: support and query hold the same N classes, different images.</summary>
    SameClasses,
}
