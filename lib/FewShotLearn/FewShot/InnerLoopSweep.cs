using System.Diagnostics;

namespace FewShotLearn.FewShot;

/// <summary>One inner-loop configuration of the sweep.</summary>
public sealed record InnerLoopConfig(SupportLossKind InnerLoss, int InnerSteps, double InnerLr, bool FirstOrder, bool LearnInnerRates)
{
    /// <summary>"views, 3 steps, alpha 0.1, second order" (+ ", Meta-SGD").</summary>
    public override string ToString() =>
        $"{LossName(InnerLoss)}, {InnerSteps} step{(InnerSteps == 1 ? "" : "s")}, alpha {InnerLr.ToString(CultureInfo.InvariantCulture)}, {(FirstOrder ? "first" : "second")} order{(LearnInnerRates ? ", Meta-SGD" : "")}";

    /// <summary>The CLI name of a support loss.</summary>
    public static string LossName(SupportLossKind kind) => kind switch
    {
        SupportLossKind.AugmentedViews => "views",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>These settings applied to <paramref name="options"/>.</summary>
    public MamlOptions Apply(MamlOptions options) => options with
    {
        InnerLoss = InnerLoss, InnerSteps = InnerSteps, InnerLr = InnerLr, FirstOrder = FirstOrder, LearnInnerRates = LearnInnerRates,
    };
}

/// <summary>Settings of the inner-loop sweep: the grid, the meta-training budget per configuration and the meta-validation tasks.</summary>
public sealed record InnerLoopSweepOptions
{
    /// <summary>Episode shape and outer loop of every run (the inner-loop fields are overwritten by each configuration).</summary>
    public MamlOptions Maml { get; init; } = new() { Ways = 5, Shots = 1, Queries = 5, MetaBatch = 4, MetaIterations = 40, OuterLr = 1e-3 };

    /// <summary>Inner losses to try (stage A).</summary>
    public IReadOnlyList<SupportLossKind> InnerLosses { get; init; } = [SupportLossKind.Contrastive, SupportLossKind.Softmax, SupportLossKind.AugmentedViews];

    /// <summary>Inner step counts n to try (stage A).</summary>
    public IReadOnlyList<int> InnerSteps { get; init; } = [1, 3];

    /// <summary>Inner step sizes alpha to try (stage A).</summary>
    public IReadOnlyList<double> InnerLrs { get; init; } = [0.05, 0.2];

    /// <summary>Stage B: from the best of stage A, also try first order and Meta-SGD (learned per-weight rates).</summary>
    public bool TryOrderAndMetaSgd { get; init; } = true;

    /// <summary>Meta-validation tasks each configuration is scored on (the same tasks for all).</summary>
    public int ValidationTasks { get; init; } = 40;

    /// <summary>Database (query) images per class of a validation task (leave-one-out retrieval, as on the target).</summary>
    public int DatabasePerClass { get; init; } = 10;

    /// <summary>k of precision@k.</summary>
    public int K { get; init; } = 5;

    /// <summary>Seed of episode sampling (the same episodes for every configuration).</summary>
    public int Seed { get; init; } = Runtime.Seeding.DefaultSeed;

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        Maml.Validate();
        if (InnerLosses.Count == 0 || InnerSteps.Count == 0 || InnerLrs.Count == 0) throw new ArgumentException("The sweep grid needs at least one inner loss, one step count and one step size.");
        if (ValidationTasks < 2) throw new ArgumentException($"ValidationTasks must be at least 2 for an interval; got {ValidationTasks}.");
        if (DatabasePerClass < 2) throw new ArgumentException($"DatabasePerClass must be at least 2; got {DatabasePerClass}.");
    }
}

/// <summary>One row of the sweep: a configuration, its meta-validation scores (mean ± 95% over tasks) and its costs.</summary>
public sealed record InnerLoopSweepRow(string Stage, InnerLoopConfig? Config, MeanInterval MapAtR, MeanInterval PrecisionAt1,
    double SupportLossBefore, double SupportLossAfter, double Seconds)
{
    /// <summary>The configuration's description, or "pretraining only (reference)".</summary>
    public string Name => Config?.ToString() ?? "pretraining only, no adaptation (reference)";
}

/// <summary>The sweep's rows and the configuration it chose (highest meta-validation mAP@R).</summary>
public sealed record InnerLoopSweepResult(int Shots, IReadOnlyList<InnerLoopSweepRow> Rows, InnerLoopConfig Chosen, string Validation)
{
    /// <summary>The chosen row.</summary>
    public InnerLoopSweepRow Best => Rows.First(r => r.Config == Chosen);

    /// <summary>"Sweep: chosen config for 1 shot: views, 3 steps, alpha 0.2, second order (meta-validation mAP@R 0.61 ± 0.03)".</summary>
    public string ChosenLine => $"Sweep: chosen config for {Shots} shot{(Shots == 1 ? "" : "s")}: {Chosen} (meta-validation mAP@R {Best.MapAtR}, P@1 {Best.PrecisionAt1})";

    /// <summary>The table as Markdown.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| {Shots}-shot, {Validation} | mAP@R | P@1 | support loss before → after | seconds |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in Rows)
            sb.AppendLine($"| {(r.Config == Chosen ? "**" + r.Name + "**" : r.Name)} | {r.MapAtR} | {r.PrecisionAt1} | " +
                $"{(double.IsNaN(r.SupportLossBefore) ? "–" : $"{r.SupportLossBefore:F3} → {r.SupportLossAfter:F3}")} | {r.Seconds:F1} |");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();
}

/// <summary>
/// The inner-loop sweep (issue 9, item 2): from the same pretrained network, meta-train one copy per configuration with the
/// same episodes and budget, and score each on the same tasks from the META-VALIDATION classes with the target protocol
/// (K labelled images per class adapt the network as the inner loop does; every database image is a leave-one-out query;
/// mAP@R and P@1). Target (test) classes are never touched. Stage A crosses inner losses x inner steps x inner step sizes
/// (second order); stage B tries first order and Meta-SGD from stage A's best. The highest mAP@R is chosen.
/// </summary>
public static class InnerLoopSweep
{
    /// <summary>Stage A's grid.</summary>
    public static IEnumerable<InnerLoopConfig> Grid(InnerLoopSweepOptions options) =>
        from loss in options.InnerLosses
        from steps in options.InnerSteps
        from lr in options.InnerLrs
        select new InnerLoopConfig(loss, steps, lr, FirstOrder: false, LearnInnerRates: false);

    /// <summary>Runs the sweep from <paramref name="pretrained"/> (left unchanged); <paramref name="onRow"/> sees each row as it is measured.</summary>
    public static InnerLoopSweepResult Run(EmbeddingNet pretrained, LabeledImages metaTrain, LabeledImages metaValidation, InnerLoopSweepOptions options,
        Action<InnerLoopSweepRow>? onRow = null, CancellationToken cancel = default)
    {
        options.Validate();
        var shots = options.Maml.Shots;
        if (shots < 2 && options.InnerLosses.Contains(SupportLossKind.Prototype))
            throw new ArgumentException("The prototype inner loss needs at least 2 shots; leave it out of the 1-shot sweep.");
        var ways = Math.Min(options.Maml.Ways, metaValidation.ClassCount);
        var tasks = new EpisodeSampler(metaValidation, seed: options.Seed + 17, device: pretrained.Device)
            .SampleMany(options.ValidationTasks, ways, shots, options.DatabasePerClass, EpisodeMode.SameClasses).ToList();
        var rows = new List<InnerLoopSweepRow>();
        void Add(InnerLoopSweepRow row) { rows.Add(row); onRow?.Invoke(row); }
        try
        {
            var clock = Stopwatch.StartNew();
            Add(Score("reference", null, AdaptedModel.Of(pretrained, pretrained.ForwardWith), null, tasks, options, double.NaN, double.NaN, clock));
            foreach (var config in Grid(options))
            {
                cancel.ThrowIfCancellationRequested();
                Add(RunOne("A", config, pretrained, metaTrain, tasks, options));
            }
            if (options.TryOrderAndMetaSgd)
            {
                var best = rows.Where(r => r.Config is not null).MaxBy(r => r.MapAtR.Mean)!.Config!;
                Add(RunOne("B", best with { FirstOrder = true }, pretrained, metaTrain, tasks, options));
                Add(RunOne("B", best with { LearnInnerRates = true }, pretrained, metaTrain, tasks, options));
            }
        }
        finally
        {
            foreach (var t in tasks) t.Dispose();
        }
        var chosen = rows.Where(r => r.Config is not null).MaxBy(r => r.MapAtR.Mean)!.Config!;
        return new InnerLoopSweepResult(shots, rows, chosen,
            $"{options.ValidationTasks} meta-validation tasks ({ways}-way, {options.DatabasePerClass} database images/class), {options.Maml.MetaIterations} meta-iterations each");
    }

    private static InnerLoopSweepRow RunOne(string stage, InnerLoopConfig config, EmbeddingNet pretrained, LabeledImages metaTrain, IReadOnlyList<Episode> tasks, InnerLoopSweepOptions options)
    {
        var clock = Stopwatch.StartNew();
        using var net = ModelCopy.Copy(pretrained);
        var maml = new MetaTraining(net, net.ForwardWith, config.Apply(options.Maml), seed: options.Seed);
        var steps = maml.Train(new EpisodeSampler(metaTrain, seed: options.Seed, device: net.Device));
        net.eval();
        var adaptation = maml.MatchingAdaptation(net.ForwardWith);
        var before = steps.Count == 0 ? double.NaN : steps.Average(s => s.InnerLossBefore);
        var after = steps.Count == 0 ? double.NaN : steps.Average(s => s.InnerLossAfter);
        var row = Score(stage, config, null, (net, adaptation), tasks, options, before, after, clock);
        maml.InnerRates?.Dispose();
        return row;
    }

    private static InnerLoopSweepRow Score(string stage, InnerLoopConfig? config, AdaptedModel? fixedModel, (EmbeddingNet Net, Adaptation Adaptation)? adapt,
        IReadOnlyList<Episode> tasks, InnerLoopSweepOptions options, double before, double after, Stopwatch clock)
    {
        var scores = new List<RetrievalScores>();
        foreach (var task in tasks)
        {
            using var scope = NewDisposeScope();
            using var model = adapt is { } a ? a.Adaptation.Adapt(a.Net, task.SupportImages, task.SupportLabels) : null;
            scores.Add(Retrieve(model ?? fixedModel!, task, options.K));
        }
        return new InnerLoopSweepRow(stage, config, Statistics.MeanCI95(scores.Select(s => s.MapAtR)), Statistics.MeanCI95(scores.Select(s => s.PrecisionAt1)),
            before, after, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Leave-one-out retrieval among a task's database (query) images with <paramref name="model"/>'s embedding.</summary>
    public static RetrievalScores Retrieve(AdaptedModel model, Episode task, int k)
    {
        using var scope = NewDisposeScope();
        var db = model.Embed(task.QueryImages);
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        using var index = new RetrievalIndex(db.alias(), labels, task.QueryClasses.Select(c => c.ToString()).ToArray(), "validation");
        return RetrievalMetrics.Evaluate(index, db, labels, Math.Min(k, labels.Length - 1), queriesAreDatabase: true);
    }
}
