using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.FewShot;

/// <summary>
/// Step 230, the repetition of pretraining (stage 1) and meta-training (stage 2) until their results agree (claims 3 and 10).
/// Both stages are scored by one procedure on one fixed set of episodes from the meta-validation classes: each episode's support set adapts
/// the network exactly as MAML's inner loop does (same loss, steps, step size and learned rates), then the episode's
/// queries are classified by their nearest support prototype. The repetition stops at the first round whose gap
/// |score(pretrained) - score(meta-trained)| is at most the tolerance, or at the round limit.
/// </summary>
public sealed class Agreement : IDisposable
{
    private readonly List<Episode> _episodes;

    /// <summary>Samples the fixed meta-validation episodes (same classes on both sides) from <paramref name="metaValidation"/>.</summary>
    public Agreement(LabeledImages metaValidation, PipelineOptions options, Device device)
    {
        options.Validate();
        Options = options;
        var ways = CrossDomainSplit.EpisodeWays(metaValidation, EpisodeMode.SameClasses, options.ValidationWays);
        var sampler = new EpisodeSampler(metaValidation, seed: options.Seed + 1, device: device);
        _episodes = sampler.SampleMany(options.ValidationEpisodes, ways, options.ValidationShots, options.ValidationQueries, EpisodeMode.SameClasses).ToList();
    }

    /// <summary>The settings (tolerance, round limit, episode shape).</summary>
    public PipelineOptions Options { get; }

    /// <summary>The meta-validation episodes every round is scored on.</summary>
    public IReadOnlyList<Episode> Episodes => _episodes;

    /// <summary>The score of <paramref name="net"/> as it is now: mean prototype accuracy over the episodes after <paramref name="adaptation"/> on each support set.</summary>
    public double Score(EmbeddingNet net, Adaptation adaptation) => EpisodeScore.AdaptedPrototypeAccuracy(net, adaptation, _episodes);

    /// <summary>
    /// Runs rounds 1, 2, ... of <paramref name="round"/> (which trains both stages and returns the round's record) until one
    /// agrees or <paramref name="maxRounds"/> have run; <paramref name="onRound"/> sees each record.
    /// </summary>
    public static IReadOnlyList<RoundRecord> Repeat(int maxRounds, Func<int, RoundRecord> round, Action<RoundRecord>? onRound = null, CancellationToken cancel = default)
    {
        if (maxRounds < 1) throw new ArgumentException($"The round limit must be at least 1; got {maxRounds}.", nameof(maxRounds));
        var records = new List<RoundRecord>();
        for (var r = 1; r <= maxRounds; r++)
        {
            cancel.ThrowIfCancellationRequested();
            var record = round(r);
            if (!double.IsFinite(record.PretrainingScore) || !double.IsFinite(record.MetaTrainingScore))
                throw new InvalidOperationException($"Round {r}: a meta-validation score is not finite (pretrained {record.PretrainingScore}, meta-trained {record.MetaTrainingScore}).");
            records.Add(record);
            onRound?.Invoke(record);
            if (record.Agreed) break;
        }
        return records;
    }

    /// <summary>What the rounds found: whether and after how many rounds the stages agreed.</summary>
    public static AgreementSummary Summarize(IReadOnlyList<RoundRecord> rounds, int maxRounds)
    {
        if (rounds.Count == 0) throw new ArgumentException("No round was run.", nameof(rounds));
        var agreedAt = rounds.FirstOrDefault(r => r.Agreed)?.Round;
        return new AgreementSummary(agreedAt, rounds.Count, maxRounds, rounds[0].Tolerance, rounds.Select(r => r.Gap).ToArray());
    }

    /// <summary>Chart of the gap per round with the tolerance line (integer round ticks), plus both scores.</summary>
    public static GenericChart Chart(IReadOnlyList<RoundRecord> rounds, string title = "Step 230: agreement of pretraining and meta-training")
    {
        if (rounds.Count == 0) throw new ArgumentException("No round to draw.", nameof(rounds));
        var x = rounds.Select(r => r.Round).ToArray();
        var tol = rounds[0].Tolerance;
        var traces = new[]
        {
            PlotlyChart.Line<int, double, string>(x, rounds.Select(r => r.PretrainingScore).ToArray(), Name: "after pretraining (stage 1)", ShowMarkers: true),
            PlotlyChart.Line<int, double, string>(x, rounds.Select(r => r.MetaTrainingScore).ToArray(), Name: "after meta-training (stage 2)", ShowMarkers: true),
            PlotlyChart.Line<int, double, string>(x, rounds.Select(r => r.Gap).ToArray(), Name: "gap |1 − 2|", ShowMarkers: true),
            PlotlyChart.Line<int, double, string>(x, x.Select(_ => tol).ToArray(), Name: $"tolerance {tol.ToString(CultureInfo.InvariantCulture)}", ShowMarkers: false),
        };
        // A category axis: one tick per round, labelled 1, 2, 3 (never 1.5).
        return Plots.Charts.Titled(PlotlyChart.Combine(traces), title)
            .WithXAxisStyle<int, int, string>(TitleText: "round", AxisType: Plotly.NET.StyleParam.AxisType.Category)
            .WithYAxisStyle<double, double, string>(TitleText: "meta-validation prototype accuracy / gap");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var e in _episodes) e.Dispose();
        _episodes.Clear();
    }
}

/// <summary>Outcome of the repetition: the round that agreed (null: none), rounds run, the limit, the tolerance and every gap.</summary>
public sealed record AgreementSummary(int? AgreedAtRound, int RoundsRun, int MaxRounds, double Tolerance, IReadOnlyList<double> Gaps)
{
    /// <summary>True when some round's gap was within the tolerance.</summary>
    public bool Agreed => AgreedAtRound is not null;

    /// <summary>"agreed after 2 of at most 3 rounds (gaps 0.130, 0.012; tolerance 0.02)" or "did not agree within 3 rounds (...)".</summary>
    public override string ToString()
    {
        var gaps = string.Join(", ", Gaps.Select(g => g.ToString("F3", CultureInfo.InvariantCulture)));
        var tol = Tolerance.ToString(CultureInfo.InvariantCulture);
        return Agreed
            ? $"agreed after {AgreedAtRound} of at most {MaxRounds} round{(MaxRounds == 1 ? "" : "s")} (gaps {gaps}; tolerance {tol})"
            : $"did not agree within {MaxRounds} round{(MaxRounds == 1 ? "" : "s")}: stopped at the round limit (gaps {gaps}; tolerance {tol})";
    }
}
