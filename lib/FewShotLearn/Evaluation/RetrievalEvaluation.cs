namespace FewShotLearn.Evaluation;

/// <summary>The outcome of <see cref="RetrievalEvaluation.Evaluate"/>: the scores, and whether the queries were the database (leave-one-out).</summary>
public sealed record RetrievalEvaluationResult(RetrievalScores Scores, bool LeaveOneOut, int Queries, int DatabaseEntries, int QueriesOfAbsentClasses);

/// <summary>
/// Scores a retrieval index with a labelled query set, deciding everything a caller could get wrong: query classes are
/// matched to the database's by name, and the evaluation is leave-one-out (each query excluded from its own results)
/// exactly when the query set <em>is</em> the database, decided by content (<see cref="RetrievalIndex.ContentHash"/>:
/// same images, labels and order), never by how the data was named or spelled.
/// </summary>
public static class RetrievalEvaluation
{
    /// <summary>Embeds <paramref name="queries"/> with <paramref name="net"/> and scores them against <paramref name="index"/>.</summary>
    public static RetrievalEvaluationResult Evaluate(RetrievalIndex index, EmbeddingNet net, LabeledImages queries, int k = 5, int batchSize = 256)
    {
        if (net.Fingerprint() != index.Fingerprint)
            throw new ArgumentException($"The index was built by model {index.Fingerprint}, not by this model ({net.Fingerprint()}); rebuild it with `fewshot index`.");
        var shape = index.RequireImageShape();
        if (queries.Channels != shape.Channels || queries.Height != shape.Height || queries.Width != shape.Width)
            throw new ArgumentException($"The queries '{queries.Name}' are {queries.Channels}x{queries.Height}x{queries.Width} images but the index was built from {shape} images; read them at the index's shape.");
        var leaveOneOut = index.DatabaseHash is not null && index.DatabaseHash == RetrievalIndex.ContentHash(queries);
        var byName = index.ClassNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i);
        var labels = queries.Labels.Select(l => byName.GetValueOrDefault(queries.ClassNames[(int)l], -1)).ToArray();
        using var embeddings = Embedder.Embed(net, queries, batchSize, index.Device);
        var scores = RetrievalMetrics.Evaluate(index, embeddings, labels, k, leaveOneOut);
        return new RetrievalEvaluationResult(scores, leaveOneOut, queries.Count, index.Count, labels.Count(l => l < 0));
    }
}
