namespace FewShotLearn.Evaluation;

/// <summary>
/// Retrieval quality over many sampled tasks without adaptation: each task takes a random subset of classes, uses all
/// their images as the database and each image in turn as a query (leave-one-out). Summarise with <see cref="Statistics.MeanCI95"/>.
/// </summary>
public static class TaskEvaluation
{
    /// <summary>Scores of <paramref name="tasks"/> tasks of <paramref name="classesPerTask"/> classes each, deterministic by seed.</summary>
    public static IReadOnlyList<RetrievalScores> Sample(EmbeddingNet net, LabeledImages data, int tasks, int classesPerTask, int k = 5, int seed = 0, Device? device = null)
    {
        var present = data.Labels.Distinct().Order().Select(l => (int)l).ToArray();
        if (classesPerTask < 2 || classesPerTask > present.Length)
            throw new ArgumentOutOfRangeException(nameof(classesPerTask), classesPerTask, $"Classes per task must be between 2 and {present.Length}.");
        if (tasks < 1) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, "Need at least one task.");
        device ??= net.Device;
        var rng = new Random(seed);
        using var all = Embedder.Embed(net, data, device: device);
        var scores = new List<RetrievalScores>(tasks);
        var fingerprint = net.Fingerprint();
        for (var t = 0; t < tasks; t++)
        {
            var classes = present.OrderBy(_ => rng.Next()).Take(classesPerTask).ToHashSet();
            var idx = Enumerable.Range(0, data.Count).Where(i => classes.Contains((int)data.Labels[i])).ToArray();
            using var scope = NewDisposeScope();
            var emb = all.index_select(0, tensor(idx.Select(i => (long)i).ToArray(), device: all.device));
            using var index = new RetrievalIndex(emb.clone(), idx.Select(i => data.Labels[i]).ToArray(), data.ClassNames, fingerprint);
            scores.Add(RetrievalMetrics.Evaluate(index, index.Embeddings, index.Labels, k, queriesAreDatabase: true));
        }
        return scores;
    }
}
