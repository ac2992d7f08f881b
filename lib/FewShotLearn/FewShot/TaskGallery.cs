namespace FewShotLearn.FewShot;

/// <summary>Galleries (HTML) of retrieval successes and failures on a target task, for notebooks.</summary>
public static class TaskGallery
{
    /// <summary>
    /// Searches every database image of <paramref name="task"/> against the others with <paramref name="model"/>; returns the HTML
    /// galleries of up to <paramref name="count"/> successes (first result correct, the most correct top-k first) and up to
    /// <paramref name="count"/> failures (first result of another class, the fewest correct top-k first).
    /// </summary>
    public static (IReadOnlyList<string> Successes, IReadOnlyList<string> Failures) Build(AdaptedModel model, Episode task, int k = 5, int count = 2, string method = "")
    {
        using var scope = NewDisposeScope();
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        var names = task.QueryClasses.Select(c => $"class {c}").ToArray();
        var emb = model.Embed(task.QueryImages);
        using var index = new RetrievalIndex(emb.alias(), labels, names, "gallery");
        var searched = Enumerable.Range(0, labels.Length).Select(q =>
        {
            var results = index.SearchOne(emb[q], k, q);
            return (Query: q, Results: results, Correct: results.Count(r => r.Label == labels[q]), FirstRight: results[0].Label == labels[q]);
        }).ToArray();
        string Html((int Query, RankedResult[] Results, int Correct, bool FirstRight) s, string kind) =>
            Gallery.Html(task.QueryImages[s.Query], $"query: {names[labels[s.Query]]}", s.Results, task.QueryImages, labels[s.Query],
                $"{method} {kind}: {s.Correct} of the top {k} correct");
        var successes = searched.Where(s => s.FirstRight).OrderByDescending(s => s.Correct).ThenBy(s => s.Query).Take(count).Select(s => Html(s, "success")).ToList();
        var failures = searched.Where(s => !s.FirstRight).OrderBy(s => s.Correct).ThenBy(s => s.Query).Take(count).Select(s => Html(s, "failure")).ToList();
        return (successes, failures);
    }
}
