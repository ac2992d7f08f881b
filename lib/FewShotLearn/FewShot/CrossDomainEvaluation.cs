using FewShotLearn.Data;
using FewShotLearn.Sampling;
using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.Meta;

namespace FewShotLearn.FewShot;

/// <summary>
/// The evaluation protocol: sample many N-way target tasks from unseen target classes; each has K labelled images per
/// class (support S_t) and a database of other images of the same classes, each database image also a query (leave
/// one out). Scores precision@1, precision@k, mAP@R and recall@k of (a) stage 1 only, (b) stage 1 + fine-tuning,
/// (c) the full method, (d) the prototype baseline and (e) the ablation stage 1 + plain D2 training + fine-tuning, as mean
/// ± 95% interval over the tasks.
/// </summary>
public sealed class CrossDomainEvaluation
{
    /// <summary>
    /// Compares <paramref name="stage1"/> (the stage-1-only network) with <paramref name="metaLearned"/> (the network after the
    /// full method's stages 1 and 2); <paramref name="metaLearned"/> may be null to skip (c). <paramref name="domainTrained"/>
    /// (<see cref="FewShotPipeline.DomainTrained"/>) adds the ablation (e); null skips it.
    /// </summary>
    public CrossDomainEvaluation(EmbeddingNet stage1, EmbeddingNet? metaLearned, EvaluationOptions options, IMetricLoss? adaptLoss = null,
        EmbeddingNet? domainTrained = null)
    {
        options.Validate();
        Stage1 = stage1;
        MetaLearned = metaLearned;
        DomainTrained = domainTrained;
        Options = options;
        AdaptLoss = adaptLoss is null ? SupportLosses.For(options.Shots, options.Seed) : SupportLoss.Of(adaptLoss);
    }

    /// <summary>The stage-1-only network.</summary>
    public EmbeddingNet Stage1 { get; }

    /// <summary>The meta-learned network (full method), or null.</summary>
    public EmbeddingNet? MetaLearned { get; }

    /// <summary>The network of the ablation (e): stage 1 + plain metric training on D2, or null.</summary>
    public EmbeddingNet? DomainTrained { get; }

    /// <summary>The settings.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The loss of the fine-tuning on S_t.</summary>
    public ISupportLoss AdaptLoss { get; }

    /// <summary>Evaluates on tasks sampled from <paramref name="target"/>; <paramref name="onTask"/> gets (tasks done, total).</summary>
    public EvaluationResult Run(LabeledImages target, Action<int, int>? onTask = null)
    {
        var methods = new List<FewShotMethod> { FewShotMethod.Stage1Only, FewShotMethod.Stage1FineTuned };
        if (MetaLearned is not null) methods.Add(FewShotMethod.FullMethod);
        methods.Add(FewShotMethod.PrototypeBaseline);
        if (DomainTrained is not null) methods.Add(FewShotMethod.DomainTrainedFineTuned);
        var perTask = methods.ToDictionary(m => m, _ => new List<RetrievalScores>());
        var sampler = new EpisodeSampler(target, seed: Options.Seed, device: Stage1.Device);
        for (var t = 0; t < Options.Tasks; t++)
        {
            using var task = sampler.Sample(Options.Ways, Options.Shots, Options.DatabasePerClass, EpisodeMode.SameClasses);
            foreach (var m in methods) perTask[m].Add(Score(m, task));
            onTask?.Invoke(t + 1, Options.Tasks);
        }
        return new EvaluationResult(Options, perTask);
    }

    /// <summary>Scores one method on one task (an episode whose support is S_t and whose query set is the database).</summary>
    public RetrievalScores Score(FewShotMethod method, Episode task)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFor(method, task);
        var db = model.Embed(task.QueryImages);
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        if (method == FewShotMethod.PrototypeBaseline)
        {
            var support = model.Embed(task.SupportImages);
            return PrototypeRanking(db, labels, EpisodeScore.Prototypes(support, task.SupportLabels, task.Ways), Options.K);
        }
        using var index = new RetrievalIndex(db.alias(), labels, task.QueryClasses.Select(c => c.ToString()).ToArray(), method.ToString());
        return RetrievalMetrics.Evaluate(index, db, labels, Options.K, queriesAreDatabase: true);
    }

    /// <summary>The embedding a method searches with on a task (fine-tuned on its support set for (b), (c) and (e)).</summary>
    public AdaptedModel ModelFor(FewShotMethod method, Episode task) => method switch
    {
        FewShotMethod.Stage1Only or FewShotMethod.PrototypeBaseline => AdaptedModel.Of(Stage1, Stage1.ForwardWith),
        FewShotMethod.Stage1FineTuned => Adapter(Stage1).Adapt(Stage1, task.SupportImages, task.SupportLabels),
        FewShotMethod.FullMethod => Adapter(MetaLearned ?? throw new InvalidOperationException("No meta-learned network was given."))
            .Adapt(MetaLearned, task.SupportImages, task.SupportLabels),
        FewShotMethod.DomainTrainedFineTuned => Adapter(DomainTrained ?? throw new InvalidOperationException("No D2-trained network was given (pass FewShotPipeline.DomainTrained as domainTrained)."))
            .Adapt(DomainTrained, task.SupportImages, task.SupportLabels),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private Adaptation Adapter(EmbeddingNet net) => new(net.ForwardWith, AdaptLoss, Options.AdaptSteps, Options.AdaptLr);

    /// <summary>
    /// The prototype baseline's rankings: each query is assigned the class of its nearest prototype, and the rest of the
    /// database is ranked by distance to that prototype (closest first).
    /// </summary>
    public static RetrievalScores PrototypeRanking(Tensor database, long[] labels, Tensor prototypes, int k)
    {
        using var scope = NewDisposeScope();
        var d = PairwiseDistances.SquaredEuclidean(database, prototypes);            // [M, N]
        var predicted = d.argmin(1).cpu().data<long>().ToArray();
        var order = d.argsort(0).t().cpu();                                   // [N, M]: database by distance to each prototype
        var rows = Enumerable.Range(0, (int)prototypes.shape[0]).Select(c => order[c].data<long>().ToArray()).ToArray();
        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var rankings = new IReadOnlyList<long>[labels.Length];
        for (var q = 0; q < labels.Length; q++)
            rankings[q] = rows[predicted[q]].Where(i => i != q).Select(i => labels[i]).ToArray();
        return RetrievalMetrics.FromRankings(rankings, labels, labels.Select(l => counts[l] - 1).ToArray(), k);
    }
}
