namespace FewShotLearn.FewShot;

/// <summary>What adapting a network to one labelled support set gave: the adapted network, the support loss per step and, when a database was given, retrieval on it before and after.</summary>
public sealed record AdaptationOutcome(EmbeddingNet Adapted, IReadOnlyList<double> SupportLosses, RetrievalScores? Before, RetrievalScores? After) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Adapted.Dispose();
}

/// <summary>Step 4 for one support set (the <c>fewshot adapt</c> command): a few fine-tuning steps from a (meta-learned) network, scored on other images of the same classes.</summary>
public static class SupportSetAdaptation
{
    /// <summary>
    /// Fine-tunes a copy of <paramref name="net"/> on <paramref name="support"/> (at least 2 classes) for <paramref name="steps"/> steps of size
    /// <paramref name="lr"/> with the support loss for its smallest class (<see cref="SupportLosses.For"/>); with a <paramref name="database"/>
    /// of the same classes, scores leave-one-out retrieval on it with the network before and after.
    /// </summary>
    public static AdaptationOutcome Run(EmbeddingNet net, LabeledImages support, int steps, double lr, LabeledImages? database = null, int k = 5)
    {
        var classes = support.Labels.Distinct().Count();
        if (classes < 2) throw new ArgumentException($"The support set needs at least 2 classes; '{support.Name}' has {classes}.");
        var shots = support.Labels.GroupBy(l => l).Min(g => g.Count());
        var adaptation = TargetAdaptation.For(shots, steps, lr);
        using var labels = support.LabelTensor();
        using var adapted = adaptation.Adapt(net, support.Images, labels);
        RetrievalScores? before = null, after = null;
        if (database is not null)
        {
            before = Score(AdaptedModel.Of(net, net.ForwardWith), database, k);
            after = Score(adapted, database, k);
        }
        var result = ModelCopy.Copy(net);
        adapted.CopyInto(result);
        return new AdaptationOutcome(result, adapted.SupportLosses, before, after);
    }

    /// <summary>
    /// One target task of <paramref name="target"/>: <paramref name="shots"/> labelled images of each of <paramref name="ways"/> classes (the support
    /// set) and up to <paramref name="databasePerClass"/> other images of each (the database), deterministic by <paramref name="seed"/>.
    /// </summary>
    public static (LabeledImages Support, LabeledImages Database) SampleTask(LabeledImages target, int ways, int shots, int seed, int databasePerClass = 10)
    {
        var perClass = target.Labels.GroupBy(l => l).Min(g => g.Count());
        var db = Math.Min(databasePerClass, perClass - shots);
        if (db < 2) throw new ArgumentException($"'{target.Name}' has {perClass} images in its smallest class: too few for {shots} shots and a database of 2; lower --shots.");
        var sampler = new EpisodeSampler(target, seed: seed, device: target.Images.device);
        using var task = sampler.Sample(ways, shots, db, EpisodeMode.SameClasses);
        var names = task.SupportClasses.Select(c => target.ClassNames[c]).ToArray();
        return (new LabeledImages("support", task.SupportImages.clone(), task.SupportLabels.cpu().data<long>().ToArray(), names),
                new LabeledImages("database", task.QueryImages.clone(), task.QueryLabels.cpu().data<long>().ToArray(), names));
    }

    private static RetrievalScores Score(AdaptedModel model, LabeledImages database, int k)
    {
        using var emb = model.Embed(database.Images);
        using var index = new RetrievalIndex(emb.alias(), database.Labels, database.ClassNames, "adapt");
        return RetrievalMetrics.Evaluate(index, emb, database.Labels, Math.Min(k, database.Count - 1), queriesAreDatabase: true);
    }
}
