namespace FewShotLearn.FewShot;

/// <summary>One split and protocol of the benchmark, e.g. ("mnist", P2).</summary>
public sealed record FewShotSetting(string Data, TargetProtocol Protocol)
{
    /// <summary>"mnist, P2 (same classes)".</summary>
    public override string ToString() => $"{Data}, {(Protocol == TargetProtocol.UnseenClasses ? "P1 (unseen target classes)" : "P2 (target classes = meta-train classes, claim 1)")}";
}

/// <summary>
/// Settings of <see cref="FewShotBenchmark"/>: which splits and protocols, which K, how many target tasks, and the training of
/// every method (shared pretraining, the full method's MAML and repetition, the adaptation to S_t).
/// </summary>
public sealed record FewShotBenchmarkOptions
{
    /// <summary>The splits and protocols to run (each a table per K and a verdict).</summary>
    public IReadOnlyList<FewShotSetting> Settings { get; init; } = [new("glyphs", TargetProtocol.UnseenClasses)];

    /// <summary>The K values (each trains its own full method and baselines; pretraining is shared).</summary>
    public IReadOnlyList<int> Shots { get; init; } = [1, 5];

    /// <summary>N of the target tasks, at most what the target classes allow.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>Target tasks per setting and K.</summary>
    public int Tasks { get; init; } = 200;

    /// <summary>Database images per class of a target task (every one also a query), at most what the target set holds beyond K.</summary>
    public int DatabasePerClass { get; init; } = 15;

    /// <summary>k of precision@k and recall@k.</summary>
    public int K { get; init; } = 5;

    /// <summary>Images per class of the glyph split (and of the source set of the real-data splits).</summary>
    public int PerClass { get; init; } = 20;

    /// <summary>Channels of the EmbeddingNet blocks.</summary>
    public int[] Channels { get; init; } = [16, 16, 16];

    /// <summary>Pretraining steps per round.</summary>
    public int PretrainingSteps { get; init; } = 300;

    /// <summary>Pretraining Adam learning rate.</summary>
    public double PretrainingLr { get; init; } = 1e-3;

    /// <summary>The full method's MAML settings (Shots and Ways are set per run).</summary>
    public MamlOptions MetaTraining { get; init; } = new() { Queries = 5, InnerSteps = 3, InnerLr = 0.1, MetaIterations = 100, Mode = EpisodeMode.DisjointClasses };

    /// <summary>Most rounds of (pretraining, meta-training) until agreement.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Agreement tolerance on meta-validation episodes.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>Fine-tuning steps on S_t for every fine-tuning method (default: the MAML inner steps, what the initialisation was trained for).</summary>
    public int? AdaptSteps { get; init; }

    /// <summary>Fine-tuning step size on S_t (default: the MAML inner step size).</summary>
    public double? AdaptLr { get; init; }

    /// <summary>Target tasks of step 240's feedback study on the full method per K (0: none): 2 rounds, one query per class, oracle marks of the top k.</summary>
    public int FeedbackTasks { get; init; }

    /// <summary>Seed of everything.</summary>
    public int Seed { get; init; } = Seeding.DefaultSeed;

    /// <summary>Folder of the fetched data sets (default: <c>$FEWSHOT_DATA</c> or data/datasets).</summary>
    public string? DataDir { get; init; }

    /// <summary>Device (default: <see cref="Devices.Default"/>).</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// The headline of the README: glyphs -> MNIST under both protocols, 1 and 5 shots, 600 target tasks each, all six methods.
    /// Its MAML settings are the current defaults (choose them on meta-validation episodes, never on target tasks). The whole
    /// preset took 12 min 58 s wall (702 s CPU, one libtorch thread) on the 2-core reference machine (README), inside the
    /// 20-minute target.
    /// </summary>
    public static FewShotBenchmarkOptions Headline => new()
    {
        Settings = [new("mnist", TargetProtocol.UnseenClasses), new("mnist", TargetProtocol.SameClasses)],
        Shots = [1, 5],
        Tasks = 600,
        Ways = 5,
        DatabasePerClass = 15,
        Channels = [16, 16, 16],
        PretrainingSteps = 300,
        MetaTraining = new MamlOptions { Queries = 5, InnerSteps = 3, InnerLr = 0.1, MetaIterations = 100, MetaBatch = 4, Mode = EpisodeMode.DisjointClasses },
        Rounds = 1,
    };

    /// <summary>The presets by name ("headline").</summary>
    public static FewShotBenchmarkOptions Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "headline" => Headline,
        _ => throw new ArgumentException($"Unknown --preset '{name}'. Use 'headline'."),
    };

    /// <summary>Checks the values, naming the bad one.</summary>
    public void Validate()
    {
        if (Settings.Count == 0) throw new ArgumentException("Give at least one split (--data).");
        if (Shots.Count == 0 || Shots.Any(k => k < 1 || k > 50)) throw new ArgumentException($"--shots must be between 1 and 50; got {string.Join(",", Shots)}.");
        if (Tasks < 2 || Tasks > 100_000) throw new ArgumentException($"--tasks must be between 2 and 100000; got {Tasks}.");
        if (Ways < 2) throw new ArgumentException($"--ways must be at least 2; got {Ways}.");
        if (PretrainingSteps < 0) throw new ArgumentException($"--pretrain-steps must be 0 or more; got {PretrainingSteps}.");
        if (Rounds < 1) throw new ArgumentException($"--rounds must be at least 1; got {Rounds}.");
        if (FeedbackTasks is < 0 or 1 or > 100_000) throw new ArgumentException($"--feedback-tasks must be 0 or from 2 to 100000; got {FeedbackTasks}.");
        MetaTraining.Validate();
    }
}
