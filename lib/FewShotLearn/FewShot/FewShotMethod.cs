namespace FewShotLearn.FewShot;

/// <summary>
/// One few-shot retrieval method compared on target tasks (the model is easy-few-shot-learning's FewShotClassifier:
/// train, then process a support set, then embed queries). <see cref="Train"/> runs once per experiment on the source and
/// meta-train sets; <see cref="ProcessSupportSet"/> gives the embedding that searches one target task. Adding a baseline
/// is one new subclass (see <c>FewShot/Methods/</c>) added to the list passed to <see cref="FewShotEvaluation"/>.
/// </summary>
public abstract class FewShotMethod : IDisposable
{
    /// <summary>The display name (table rows, verdict).</summary>
    public abstract string Name { get; }

    /// <summary>One line on what the method trains on and how.</summary>
    public abstract string Description { get; }

    /// <summary>The network it searches with after <see cref="Train"/> (before adaptation to a task).</summary>
    public EmbeddingNet? Network { get; protected set; }

    /// <summary>The losses of its own training steps (beyond the shared pretraining), in order; empty when it trains nothing of its own.</summary>
    public List<double> TrainingLosses { get; } = [];

    /// <summary>Trains what the method needs, within the experiment's budget (same pretraining and as many meta-train images as the full method).</summary>
    public abstract void Train(FewShotExperiment experiment);

    /// <summary>The embedding that searches a task whose labelled support set is given (default: the same fine-tuning for every method).</summary>
    public virtual AdaptedModel ProcessSupportSet(Tensor supportImages, Tensor supportLabels, TargetAdaptation adaptation) =>
        adaptation.Adapt(Trained, supportImages, supportLabels);

    /// <summary>
    /// Retrieval scores on one task: adapt on its support set (S_t), embed its database (the task's query images) and rank
    /// every database image against the others (leave one out).
    /// </summary>
    public RetrievalScores Score(Episode task, TargetAdaptation adaptation, int k)
    {
        using var scope = NewDisposeScope();
        using var model = ProcessSupportSet(task.SupportImages, task.SupportLabels, adaptation);
        var db = model.Embed(task.QueryImages);
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        using var index = new RetrievalIndex(db.alias(), labels, task.QueryClasses.Select(c => c.ToString()).ToArray(), Name);
        return RetrievalMetrics.Evaluate(index, db, labels, k, queriesAreDatabase: true);
    }

    /// <summary>The trained network, or an error naming the missing call.</summary>
    protected EmbeddingNet Trained => Network ?? throw new InvalidOperationException($"Call Train before using '{Name}'.");

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <inheritdoc />
    public virtual void Dispose()
    {
        Network?.Dispose();
        Network = null;
        GC.SuppressFinalize(this);
    }
}
