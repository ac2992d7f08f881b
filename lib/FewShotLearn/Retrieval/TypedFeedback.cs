namespace FewShotLearn.Retrieval;

/// <summary>
/// Marks typed ahead by a person, one line per query in the order asked, in <see cref="ConsoleFeedback"/>'s syntax
/// ("1 3" = ranks 1 and 3 correct, "a" = all, "" = none): how a notebook cell takes a person's marks.
/// </summary>
public sealed class TypedFeedback(params string[] lines) : IFeedbackSource
{
    private int _next;

    /// <summary>Lines used so far.</summary>
    public int Used => _next;

    /// <inheritdoc />
    public bool[] Mark(string query, IReadOnlyList<RankedResult> results)
    {
        if (_next >= lines.Length)
            throw new InvalidOperationException($"No marks left for '{query}': give one line per query ({lines.Length} given).");
        var line = lines[_next++];
        return ConsoleFeedback.Parse(line, results.Count, out var error)
            ?? throw new ArgumentException($"Marks '{line}' for '{query}': {error}");
    }
}
