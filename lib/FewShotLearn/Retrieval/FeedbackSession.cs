namespace FewShotLearn.Retrieval;

/// <summary>
/// The evaluation-and-feedback loop of the patent (step 240, claims 6 and 13): shows the top-k of each query, collects
/// correct/wrong marks from an <see cref="IFeedbackSource"/>, and keeps the running accuracy of the marked results. The
/// caller re-adapts the model with <see cref="FeedbackResult.CorrectImages"/> and builds a new session on the new index.
/// </summary>
public sealed class FeedbackSession(RetrievalIndex index, IFeedbackSource source, int k = 5)
{
    readonly List<FeedbackResult> history = [];

    /// <summary>The searched database.</summary>
    public RetrievalIndex Index { get; } = index;

    /// <summary>Number of results shown per query.</summary>
    public int K { get; } = k;

    /// <summary>Every query asked so far with its marks.</summary>
    public IReadOnlyList<FeedbackResult> History => history;

    /// <summary>Accuracy over all marked results so far (0 before any query).</summary>
    public double Accuracy => history.Count == 0 ? 0 : history.Sum(h => h.Marks.Count(m => m)) / (double)history.Sum(h => h.Results.Count);

    /// <summary>Searches with one query embedding [D] or [1, D], asks the source to mark the top-k and records the answer.</summary>
    public FeedbackResult Ask(Tensor queryEmbedding, string description, long excludeIndex = -1)
        => Record(description, Index.SearchOne(queryEmbedding, K, excludeIndex));

    /// <summary>
    /// Searches with one query embedding, leaving out the database entries in <paramref name="exclude"/> (e.g. results the
    /// person has already marked, so each feedback round shows new images), asks the source to mark the top-k and records it.
    /// </summary>
    public FeedbackResult Ask(Tensor queryEmbedding, string description, IReadOnlyCollection<long> exclude)
    {
        var wanted = (int)Math.Min(K + exclude.Count, Index.Count);
        var results = Index.SearchOne(queryEmbedding, wanted).Where(r => !exclude.Contains(r.Index)).Take(K)
            .Select((r, i) => r with { Rank = i + 1 }).ToArray();
        return Record(description, results);
    }

    /// <summary>Asks the source to mark <paramref name="results"/> (one mark each) and records the answer in the history.</summary>
    FeedbackResult Record(string description, RankedResult[] results)
    {
        var marks = source.Mark(description, results);
        if (marks.Length != results.Length)
            throw new InvalidOperationException($"The feedback source returned {marks.Length} marks for {results.Length} results.");
        var result = new FeedbackResult(description, results, marks);
        history.Add(result);
        return result;
    }

    /// <summary>
    /// The query moved by the marks of <paramref name="marked"/> (Rocchio in this index's embedding space): toward the
    /// results marked correct, away from those marked wrong. Search again with it to get the next ranking.
    /// </summary>
    public Tensor Refine(Tensor queryEmbedding, IEnumerable<FeedbackResult> marked, Rocchio? rocchio = null)
    {
        var all = marked.ToList();
        var correct = all.SelectMany(m => m.Results.Where((_, i) => m.Marks[i]).Select(r => r.Index)).Distinct().ToArray();
        var wrong = all.SelectMany(m => m.Results.Where((_, i) => !m.Marks[i]).Select(r => r.Index)).Distinct().ToArray();
        using var scope = NewDisposeScope();
        var q = queryEmbedding.dim() == 2 ? queryEmbedding[0] : queryEmbedding;
        var refined = (rocchio ?? new Rocchio()).Refine(q.to(Index.Device), Rows(correct), Rows(wrong));
        return refined.MoveToOuterDisposeScope();
    }

    private Tensor Rows(long[] indices) => indices.Length == 0
        ? zeros(0, Index.Dimension, device: Index.Device)
        : Index.Embeddings.index_select(0, tensor(indices, device: Index.Device));
}
