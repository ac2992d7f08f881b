using FewShotLearn.Episodes;
using FewShotLearn.Retrieval;
using static TorchSharp.torch;

namespace FewShotLearn.Meta;

/// <summary>Galleries (HTML) of retrieval successes and failures on a target task, for notebooks.</summary>
public static class TaskGallery
{
    /// <summary>
    /// Searches every database image of <paramref name="task"/> against the others with <paramref name="model"/>; returns the HTML
    /// galleries of up to <paramref name="count"/> queries whose top-k were all correct (successes) and of up to
    /// <paramref name="count"/> whose first result was wrong (failures).
    /// </summary>
    public static (IReadOnlyList<string> Successes, IReadOnlyList<string> Failures) Build(AdaptedModel model, Episode task, int k = 5, int count = 2, string method = "")
    {
        using var scope = NewDisposeScope();
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        var names = task.QueryClasses.Select(c => $"class {c}").ToArray();
        var emb = model.Embed(task.QueryImages);
        using var index = new RetrievalIndex(emb.alias(), labels, names, "gallery");
        var successes = new List<string>();
        var failures = new List<string>();
        for (var q = 0; q < labels.Length && (successes.Count < count || failures.Count < count); q++)
        {
            var results = index.SearchOne(emb[q], k, q);
            var allRight = results.All(r => r.Label == labels[q]);
            var firstWrong = results[0].Label != labels[q];
            if (allRight && successes.Count < count)
                successes.Add(Gallery.Html(task.QueryImages[q], $"query: {names[labels[q]]}", results, task.QueryImages, labels[q], $"{method} success: top {k} all correct"));
            else if (firstWrong && failures.Count < count)
                failures.Add(Gallery.Html(task.QueryImages[q], $"query: {names[labels[q]]}", results, task.QueryImages, labels[q], $"{method} failure: first result wrong"));
        }
        return (successes, failures);
    }
}
