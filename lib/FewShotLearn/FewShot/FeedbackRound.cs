namespace FewShotLearn.FewShot;

/// <summary>Settings of step 240's feedback: queries, rounds, how the marks change the next search.</summary>
public sealed record FeedbackOptions
{
    /// <summary>Queries per class of a task (database images used as queries; the person marks their top-k).</summary>
    public int QueriesPerClass { get; init; } = 1;

    /// <summary>Results shown and marked per query and round (each round shows k images not shown before).</summary>
    public int K { get; init; } = 5;

    /// <summary>Feedback rounds.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Re-adapt the network from its initialisation on S_t plus each query and the results marked correct (labelled as the query's class).</summary>
    public bool Readapt { get; init; } = true;

    /// <summary>Refine each query in embedding space toward its correct and away from its wrong marks (null: no refinement).</summary>
    public Rocchio? Rocchio { get; init; } = new();

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (QueriesPerClass < 1) throw new ArgumentException($"QueriesPerClass must be at least 1; got {QueriesPerClass}.");
        if (K < 1) throw new ArgumentException($"K must be at least 1; got {K}.");
        if (Rounds is < 1 or > 10) throw new ArgumentException($"Rounds must be between 1 and 10; got {Rounds}.");
        if (!Readapt && Rocchio is null) throw new ArgumentException("Feedback must change something: set Readapt, Rocchio or both.");
        Rocchio?.Validate();
    }
}

/// <summary>
/// One query's retrieval before feedback and after a number of rounds, both scored on the same residual collection (the
/// database without the query and every image shown to the person so far, the standard way to score relevance feedback,
/// so marked images cannot inflate the after-score).
/// </summary>
public sealed record FeedbackQueryScore(int Round, long Query, double PrecisionAt1Before, double PrecisionAt1After, double PrecisionAtKBefore, double PrecisionAtKAfter, double MapAtRBefore, double MapAtRAfter);

/// <summary>What the feedback rounds did on one task: per round and query, the scores before and after, and every set of marks.</summary>
public sealed record FeedbackOutcome(IReadOnlyList<FeedbackQueryScore> Scores, IReadOnlyList<FeedbackResult> History, int K)
{
    /// <summary>Rounds run.</summary>
    public int Rounds => Scores.Count == 0 ? 0 : Scores.Max(s => s.Round);

    /// <summary>Mean change of precision@k over the queries after <paramref name="round"/> rounds (default: the first).</summary>
    public double DeltaPrecisionAtK(int round = 1) => Scores.Where(s => s.Round == round).Average(s => s.PrecisionAtKAfter - s.PrecisionAtKBefore);

    /// <summary>Mean change of mAP@R over the queries after <paramref name="round"/> rounds (default: the first).</summary>
    public double DeltaMap(int round = 1) => Scores.Where(s => s.Round == round).Average(s => s.MapAtRAfter - s.MapAtRBefore);

    /// <summary>Mean change of precision@1 (residual collection) after the first round.</summary>
    public double DeltaPrecisionAt1 => Scores.Where(s => s.Round == 1).Average(s => s.PrecisionAt1After - s.PrecisionAt1Before);

    /// <summary>Mean change of mAP@R after the first round.</summary>
    public double DeltaMapAtR => DeltaMap(1);

    /// <summary>Fraction of shown results marked correct, over every round.</summary>
    public double MarkedCorrectFraction => History.Sum(h => h.Marks.Count(m => m)) / (double)Math.Max(1, History.Sum(h => h.Results.Count));
}

/// <summary>Step 240 over many tasks: per round, mean before / after and the paired difference with its 95% interval over tasks.</summary>
public sealed record FeedbackStudy(IReadOnlyList<FeedbackOutcome> Tasks, FeedbackOptions Options)
{
    /// <summary>One row per round: P@k and mAP@R before and after, and the paired differences (over tasks, each the mean over its queries).</summary>
    public IReadOnlyList<FeedbackStudyRow> Rows() => Enumerable.Range(1, Options.Rounds).Select(r =>
    {
        MeanInterval Of(Func<FeedbackQueryScore, double> f) => Statistics.MeanCI95(Tasks.Select(t => t.Scores.Where(s => s.Round == r).Average(f)));
        return new FeedbackStudyRow(r, Of(s => s.PrecisionAtKBefore), Of(s => s.PrecisionAtKAfter), Of(s => s.PrecisionAtKAfter - s.PrecisionAtKBefore),
            Of(s => s.MapAtRBefore), Of(s => s.MapAtRAfter), Of(s => s.MapAtRAfter - s.MapAtRBefore));
    }).ToArray();

    /// <summary>The table as Markdown.</summary>
    public string ToMarkdown()
    {
        var k = Options.K;
        var sb = new StringBuilder();
        sb.AppendLine($"| rounds of feedback ({Tasks.Count} tasks) | P@{k} before | P@{k} after | Δ P@{k} | mAP@R before | mAP@R after | Δ mAP@R |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in Rows())
            sb.AppendLine($"| {r.Round} | {r.PrecisionBefore} | {r.PrecisionAfter} | {Signed(r.PrecisionChange)} | {r.MapBefore} | {r.MapAfter} | {Signed(r.MapChange)} |");
        return sb.ToString();
    }

    /// <summary>The table as HTML (notebooks), with <paramref name="caption"/> naming the data.</summary>
    public Plots.HtmlView ToHtml(string caption)
    {
        var k = Options.K;
        return FewShotTables.Html(caption, ["rounds of feedback", $"P@{k} before", $"P@{k} after", $"Δ P@{k} (paired)", "mAP@R before", "mAP@R after", "Δ mAP@R (paired)"],
            Rows().Select(r => new[] { r.Round.ToString(CultureInfo.InvariantCulture), r.PrecisionBefore.ToString(), r.PrecisionAfter.ToString(), Signed(r.PrecisionChange),
                r.MapBefore.ToString(), r.MapAfter.ToString(), Signed(r.MapChange) }));
    }

    /// <summary>Fraction of shown results the source marked correct, over every task and round.</summary>
    public double MarkedCorrectFraction => Tasks.Average(t => t.MarkedCorrectFraction);

    static string Signed(MeanInterval m) => (m.Mean >= 0 ? "+" : "") + m;

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();
}

/// <summary>One round of <see cref="FeedbackStudy.Rows"/>.</summary>
public sealed record FeedbackStudyRow(int Round, MeanInterval PrecisionBefore, MeanInterval PrecisionAfter, MeanInterval PrecisionChange,
    MeanInterval MapBefore, MeanInterval MapAfter, MeanInterval MapChange);

/// <summary>
/// Step 240 with model adjustment (claims 6, 13). On a target task: adapt on S_t and search the database with a few
/// queries; a feedback source (the label oracle, or a person through <see cref="ConsoleFeedback"/> / <see cref="TypedFeedback"/>)
/// marks the top-k of each; then the marks change the next search: the network is re-adapted from its initialisation on
/// S_t plus the queries and their correct marks (labelled as the query's class), and each query is moved toward its
/// correct and away from its wrong marks (Rocchio) in the new embedding space. The next round shows k images not shown
/// before. Each round, every query is scored on the residual collection with the refined search and with the original one.
/// </summary>
public static class FeedbackRound
{
    /// <summary>Runs the rounds on <paramref name="task"/> (support = S_t, query set = database); <paramref name="sourceFor"/> gives the feedback source of a query's label (default: the oracle).</summary>
    public static FeedbackOutcome Run(EmbeddingNet net, Adaptation adaptation, Episode task, FeedbackOptions? options = null, Func<long, IFeedbackSource>? sourceFor = null)
    {
        options ??= new FeedbackOptions();
        options.Validate();
        sourceFor ??= label => new OracleFeedback(label);
        using var scope = NewDisposeScope();
        var labels = task.QueryLabels.cpu().data<long>().ToArray();
        var names = task.QueryClasses.Select(c => $"class {c}").ToArray();
        var queries = Enumerable.Range(0, task.Ways).SelectMany(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Take(options.QueriesPerClass)).ToArray();
        var device = task.QueryImages.device;

        using var first = adaptation.Adapt(net, task.SupportImages, task.SupportLabels);
        var before = first.Embed(task.QueryImages);              // the search without feedback
        var current = before;
        var seen = queries.ToDictionary(q => q, q => new HashSet<long> { q });
        var marks = queries.ToDictionary(q => q, _ => new List<FeedbackResult>());
        var refined = queries.ToDictionary(q => q, q => current[q]);
        var history = new List<FeedbackResult>();
        var scores = new List<FeedbackQueryScore>();
        AdaptedModel? readapted = null;
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                // Show and mark: the top-k not shown before, with this round's search.
                using (var index = new RetrievalIndex(current.alias(), labels, names, "feedback"))
                    foreach (var q in queries)
                    {
                        var session = new FeedbackSession(index, sourceFor(labels[q]), options.K);
                        var r = session.Ask(refined[q], $"query {q} ({names[labels[q]]}), round {round}", seen[q]);
                        marks[q].Add(r);
                        history.Add(r);
                        foreach (var shown in r.Results) seen[q].Add(shown.Index);
                    }
                // The marks change the next search: re-adaptation on the accepted images, then Rocchio in the new space.
                if (options.Readapt)
                {
                    var extra = queries.SelectMany(q => marks[q].SelectMany(m => m.CorrectIndices).Prepend(q).Distinct().Select(i => (Index: i, Label: labels[q])))
                        .GroupBy(e => e.Index).Select(g => g.First()).ToArray();
                    var idx = tensor(extra.Select(e => e.Index).ToArray(), dtype: int64, device: device);
                    var images = cat([task.SupportImages, task.QueryImages.index_select(0, idx)], 0);
                    var y = cat([task.SupportLabels, tensor(extra.Select(e => e.Label).ToArray(), dtype: int64, device: device)], 0);
                    readapted?.Dispose();
                    readapted = adaptation.Adapt(net, images, y);
                    current = readapted.Embed(task.QueryImages);
                }
                using (var index = new RetrievalIndex(current.alias(), labels, names, "feedback-refine"))
                    foreach (var q in queries)
                        refined[q] = options.Rocchio is null ? current[q] : new FeedbackSession(index, sourceFor(labels[q]), options.K).Refine(current[q], marks[q], options.Rocchio);
                // Score before / after on the same residual collection.
                foreach (var q in queries)
                {
                    var (p1b, pb, mb) = ScoreResidual(before[q], before, labels, labels[q], seen[q], options.K);
                    var (p1a, pa, ma) = ScoreResidual(refined[q], current, labels, labels[q], seen[q], options.K);
                    scores.Add(new FeedbackQueryScore(round, q, p1b, p1a, pb, pa, mb, ma));
                }
            }
        }
        finally
        {
            readapted?.Dispose();
        }
        return new FeedbackOutcome(scores, history, options.K);
    }

    /// <summary>One round with <paramref name="queriesPerClass"/> queries per class and the top-<paramref name="k"/> marked (re-adaptation and Rocchio).</summary>
    public static FeedbackOutcome Run(EmbeddingNet net, Adaptation adaptation, Episode task, int queriesPerClass, int k) =>
        Run(net, adaptation, task, new FeedbackOptions { QueriesPerClass = queriesPerClass, K = k, Rounds = 1 });

    /// <summary>Runs <see cref="Run"/> on <paramref name="tasks"/> target tasks sampled from <paramref name="sampler"/> (K labelled images per class, <paramref name="databasePerClass"/> database images).</summary>
    public static FeedbackStudy Study(EmbeddingNet net, Adaptation adaptation, EpisodeSampler sampler, int tasks, int ways, int shots, int databasePerClass,
        FeedbackOptions? options = null, Action<int, int>? onTask = null)
    {
        options ??= new FeedbackOptions();
        if (tasks < 2) throw new ArgumentException($"Need at least 2 tasks for an interval; got {tasks}.", nameof(tasks));
        var outcomes = new List<FeedbackOutcome>();
        for (var t = 0; t < tasks; t++)
        {
            using var task = sampler.Sample(ways, shots, databasePerClass, EpisodeMode.SameClasses);
            outcomes.Add(Run(net, adaptation, task, options));
            onTask?.Invoke(t + 1, tasks);
        }
        return new FeedbackStudy(outcomes, options);
    }

    /// <summary>P@k and mAP@R of one query's ranking of the database without the entries in <paramref name="excluded"/>.</summary>
    private static (double PrecisionAt1, double PrecisionAtK, double MapAtR) ScoreResidual(Tensor query, Tensor database, long[] labels, long label, HashSet<long> excluded, int k)
    {
        using var scope = NewDisposeScope();
        var d = (database - query.unsqueeze(0)).pow(2).sum(1).cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var order = Enumerable.Range(0, d.Length).Where(i => !excluded.Contains(i)).OrderBy(i => d[i]).ThenBy(i => i).ToArray();
        var relevant = order.Select(i => labels[i] == label).ToArray();
        var r = relevant.Count(x => x);
        if (r == 0) return (0, 0, 0);
        return (relevant[0] ? 1 : 0, RetrievalMetrics.PrecisionAtK(relevant, Math.Min(k, relevant.Length)), RetrievalMetrics.AveragePrecisionAtR(relevant, r));
    }
}
