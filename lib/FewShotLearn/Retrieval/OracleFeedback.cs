namespace FewShotLearn.Retrieval;

/// <summary>Feedback from the labels: a result is correct when its label equals the query's true label.</summary>
public sealed class OracleFeedback(long queryLabel) : IFeedbackSource
{
    /// <summary>The true label of the query.</summary>
    public long QueryLabel { get; } = queryLabel;

    /// <inheritdoc />
    public bool[] Mark(string query, IReadOnlyList<RankedResult> results) => results.Select(r => r.Label == QueryLabel).ToArray();
}
