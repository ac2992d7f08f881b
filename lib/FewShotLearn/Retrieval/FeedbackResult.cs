namespace FewShotLearn.Retrieval;

/// <summary>The results shown for one query and the marks given to them.</summary>
public sealed record FeedbackResult(string Query, IReadOnlyList<RankedResult> Results, IReadOnlyList<bool> Marks)
{
    /// <summary>Fraction of the shown results marked correct (precision@k as judged by the feedback source).</summary>
    public double Accuracy => Results.Count == 0 ? 0 : Marks.Count(m => m) / (double)Results.Count;

    /// <summary>Database indices of the results marked correct.</summary>
    public long[] CorrectIndices => Results.Where((r, i) => Marks[i]).Select(r => r.Index).ToArray();

    /// <summary>
    /// The database images marked correct, labelled as the query's class (<paramref name="queryLabel"/> indexing
    /// <paramref name="classNames"/>): extra support images for re-adapting the model. Null when none was marked correct.
    /// </summary>
    public LabeledImages? CorrectImages(LabeledImages database, long queryLabel, IReadOnlyList<string> classNames)
    {
        var idx = CorrectIndices;
        if (idx.Length == 0) return null;
        var subset = database.Subset(idx.Select(i => (int)i), $"feedback:{Query}");
        var images = subset.Images;
        return new LabeledImages(subset.Name, images, Enumerable.Repeat(queryLabel, idx.Length).ToArray(), classNames);
    }
}
