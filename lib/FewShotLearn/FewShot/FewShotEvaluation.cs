namespace FewShotLearn.FewShot;

/// <summary>
/// The evaluation protocol: sample many N-way target tasks from the target set; each has K labelled images per class
/// (support S_t) and a database of other images of the same classes, each database image also a query (leave one out).
/// Every method is scored on the same tasks (so differences are paired) with the same adaptation to S_t.
/// </summary>
public sealed class FewShotEvaluation
{
    /// <summary>Evaluates <paramref name="methods"/> (already trained) with <paramref name="options"/>.</summary>
    public FewShotEvaluation(IReadOnlyList<FewShotMethod> methods, EvaluationOptions options, TargetAdaptation? adaptation = null)
    {
        options.Validate();
        if (methods.Count == 0) throw new ArgumentException("Give at least one method to evaluate.", nameof(methods));
        var duplicate = methods.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two methods are named '{duplicate.Key}'; names label the table rows and must differ.", nameof(methods));
        Methods = methods;
        Options = options;
        Adaptation = adaptation ?? options.Adaptation;
    }

    /// <summary>The compared methods, in table order.</summary>
    public IReadOnlyList<FewShotMethod> Methods { get; }

    /// <summary>The settings.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The adaptation to S_t every method gets.</summary>
    public TargetAdaptation Adaptation { get; }

    /// <summary>Evaluates on tasks sampled from <paramref name="target"/>; <paramref name="onTask"/> gets (tasks done, total).</summary>
    public EvaluationResult Run(LabeledImages target, Action<int, int>? onTask = null)
    {
        var perTask = Methods.Select(_ => new List<RetrievalScores>(Options.Tasks)).ToArray();
        var sampler = new EpisodeSampler(target, seed: Options.Seed, device: target.Images.device);
        for (var t = 0; t < Options.Tasks; t++)
        {
            using var task = sampler.Sample(Options.Ways, Options.Shots, Options.DatabasePerClass, EpisodeMode.SameClasses);
            for (var m = 0; m < Methods.Count; m++) perTask[m].Add(Methods[m].Score(task, Adaptation, Options.K));
            onTask?.Invoke(t + 1, Options.Tasks);
        }
        return new EvaluationResult(Options, Methods.Select((m, i) => (m.Name, (IReadOnlyList<RetrievalScores>)perTask[i])).ToArray());
    }

    /// <summary>
    /// Trains every method of <paramref name="methods"/> in <paramref name="experiment"/> (<paramref name="onMethod"/> gets each before it
    /// trains), then evaluates them on the experiment's target set.
    /// </summary>
    public static EvaluationResult TrainAndRun(FewShotExperiment experiment, IReadOnlyList<FewShotMethod> methods, EvaluationOptions options,
        Action<FewShotMethod>? onMethod = null, Action<int, int>? onTask = null)
    {
        if (options.Shots != experiment.Shots)
            throw new ArgumentException($"The evaluation has K = {options.Shots} but the experiment meta-trains with K = {experiment.Shots}; use one K for both.");
        foreach (var m in methods)
        {
            onMethod?.Invoke(m);
            m.Train(experiment);
        }
        return new FewShotEvaluation(methods, options).Run(experiment.Split.Target, onTask);
    }
}
