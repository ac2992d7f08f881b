namespace FewShotLearn.FewShot;

/// <summary>Scores of a network on episodes (e.g. meta-validation episodes, to compare the pretrained and meta-trained network, step 230).</summary>
public static class EpisodeScore
{
    /// <summary>
    /// Fraction of query images whose nearest support-class prototype (mean support embedding, Euclidean) is
    /// their own class, over the episodes (which must hold the same classes on both sides).
    /// </summary>
    public static double PrototypeAccuracy(AdaptedModel model, IReadOnlyList<Episode> episodes)
    {
        if (episodes.Count == 0) throw new ArgumentException("Need at least one episode to score.", nameof(episodes));
        long correct = 0, total = 0;
        foreach (var e in episodes)
        {
            if (e.Mode != EpisodeMode.SameClasses)
                throw new ArgumentException("Prototype accuracy needs same-classes episodes (queries of the support classes).", nameof(episodes));
            using var scope = NewDisposeScope();
            var s = model.Embed(e.SupportImages);
            var q = model.Embed(e.QueryImages);
            var predicted = PairwiseDistances.SquaredEuclidean(q, Prototypes(s, e.SupportLabels, e.Ways)).argmin(1);
            correct += predicted.eq(e.QueryLabels).sum().item<long>();
            total += e.QueryLabels.shape[0];
        }
        return (double)correct / total;
    }

    /// <summary>Mean prototype accuracy over episodes, each after fine-tuning <paramref name="module"/>'s weights on its support set.</summary>
    public static double AdaptedPrototypeAccuracy(TorchSharp.torch.nn.Module module, Adaptation adaptation, IReadOnlyList<Episode> episodes)
    {
        var sum = 0.0;
        foreach (var e in episodes)
        {
            using var adapted = adaptation.Adapt(module, e.SupportImages, e.SupportLabels);
            sum += PrototypeAccuracy(adapted, [e]);
        }
        return sum / episodes.Count;
    }

    /// <summary>The mean embedding of each class 0..ways-1: [ways, D].</summary>
    public static Tensor Prototypes(Tensor embeddings, Tensor labels, int ways) => MetricLearning.Prototypes.Means(embeddings, labels, ways);

}
