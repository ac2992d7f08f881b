using FewShotLearn.Data;
using FewShotLearn.Sampling;
using FewShotLearn.Models;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using static TorchSharp.torch;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>What one feedback round changed: retrieval on the untouched database images before and after re-adaptation.</summary>
public sealed record FeedbackOutcome(RetrievalScores Before, RetrievalScores After, int Queries, int MarkedCorrect, int ExtraSupport, double FeedbackAccuracy,
    IReadOnlyList<FeedbackResult> History)
{
    /// <summary>Change of precision@1 (after - before).</summary>
    public double DeltaPrecisionAt1 => After.PrecisionAt1 - Before.PrecisionAt1;

    /// <summary>Change of mAP@R (after - before).</summary>
    public double DeltaMapAtR => After.MapAtR - Before.MapAtR;
}

/// <summary>
/// Step 240 with model adjustment (claims 6, 13): on a target task, adapt on S_t, search with a few queries, let a
/// feedback source (the label oracle) mark the top-k, add the marked-correct images to the support set as the query's
/// class and re-adapt from the meta-learned initialisation; retrieval is scored before and after on the database
/// images that were neither queries nor feedback.
/// </summary>
public static class FeedbackRound
{
    /// <summary>Runs one round on <paramref name="task"/> (support = S_t, query set = database) with <paramref name="queriesPerClass"/> queries per class.</summary>
    public static FeedbackOutcome Run(EmbeddingNet net, Adaptation adaptation, Episode task, int queriesPerClass = 1, int k = 5)
    {
        using var scope = NewDisposeScope();
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        var names = task.QueryClasses.Select(c => $"class {c}").ToArray();
        var queries = Enumerable.Range(0, task.Ways).SelectMany(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Take(queriesPerClass)).ToArray();

        using var first = adaptation.Adapt(net, task.SupportImages, task.SupportLabels);
        var embeddings = first.Embed(task.QueryImages);
        using var index = new RetrievalIndex(embeddings.alias(), labels, names, "feedback");
        var history = new List<FeedbackResult>();
        var extraImages = new List<Tensor>();
        var extraLabels = new List<long>();
        var used = new HashSet<long>(queries.Select(q => (long)q));
        foreach (var q in queries)
        {
            var session = new FeedbackSession(index, new OracleFeedback(labels[q]), k);
            var marked = session.Ask(embeddings[q], $"query {q} ({names[labels[q]]})", excludeIndex: q);
            history.Add(marked);
            foreach (var i in marked.CorrectIndices)
            {
                if (!used.Add(i)) continue;
                extraImages.Add(task.QueryImages[i].unsqueeze(0));
                extraLabels.Add(labels[q]);
            }
        }
        // Each query image is itself labelled by the person asking (its class), so it joins the support set too.
        foreach (var q in queries)
        {
            extraImages.Add(task.QueryImages[q].unsqueeze(0));
            extraLabels.Add(labels[q]);
        }
        var supportImages = cat(extraImages.Prepend(task.SupportImages).ToList(), 0);
        var supportLabels = cat([task.SupportLabels, tensor(extraLabels.ToArray(), dtype: int64, device: task.SupportLabels.device)], 0);
        using var second = adaptation.Adapt(net, supportImages, supportLabels);

        var rest = Enumerable.Range(0, labels.Length).Where(i => !used.Contains(i)).ToArray();
        var before = ScoreOn(first, task.QueryImages, labels, names, rest, k);
        var after = ScoreOn(second, task.QueryImages, labels, names, rest, k);
        var marks = history.Sum(h => h.Marks.Count(m => m));
        return new FeedbackOutcome(before, after, queries.Length, marks, extraImages.Count, history.Average(h => h.Accuracy), history);
    }

    private static RetrievalScores ScoreOn(AdaptedModel model, Tensor images, long[] labels, string[] names, int[] subset, int k)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(subset.Select(i => (long)i).ToArray(), dtype: int64, device: images.device);
        var emb = model.Embed(images.index_select(0, idx));
        var sub = subset.Select(i => labels[i]).ToArray();
        using var index = new RetrievalIndex(emb.alias(), sub, names, "feedback-eval");
        return RetrievalMetrics.Evaluate(index, emb, sub, Math.Min(k, subset.Length - 1), queriesAreDatabase: true);
    }
}
