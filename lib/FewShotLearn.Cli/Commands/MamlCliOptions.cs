namespace FewShotLearn.Cli.Commands;

/// <summary>
/// The MAML options (episode shape, inner and outer loop), defined once for every command that meta-trains. Values given on
/// the command line override a base <see cref="MamlOptions"/> (the command's defaults or a preset); others keep the base.
/// </summary>
public sealed class MamlCliOptions
{
    /// <summary>The options, with defaults shown from <paramref name="defaults"/>; <paramref name="withShots"/> false leaves --shots to the command.</summary>
    public MamlCliOptions(MamlOptions defaults, bool withShots = true)
    {
        Defaults = defaults;
        Iterations = new Option<int>("--meta-iterations") { Description = "m: meta-iterations per round", DefaultValueFactory = _ => defaults.MetaIterations }.InRange(0, 1_000_000);
        Ways = new Option<int>("--meta-ways") { Description = "N of the meta-train episodes (clamped to what the meta-train classes allow)", DefaultValueFactory = _ => defaults.Ways }.InRange(2, 1000);
        Shots = withShots ? new Option<int>("--shots") { Description = "K: support images per class", DefaultValueFactory = _ => defaults.Shots }.InRange(1, 1000) : null;
        Queries = new Option<int>("--queries") { Description = "Q: query images per class of an episode", DefaultValueFactory = _ => defaults.Queries }.InRange(1, 1000);
        Mode = new("--mode") { Description = "Episodes: 'disjoint' (patent, claims 4-5: query classes differ from support classes) or 'same'", DefaultValueFactory = _ => defaults.Mode == EpisodeMode.DisjointClasses ? "disjoint" : "same" };
        InnerSteps = new Option<int>("--inner-steps") { Description = "n: inner steps (eq. 1); also the adaptation steps on S_t unless given", DefaultValueFactory = _ => defaults.InnerSteps }.InRange(1, 1000);
        InnerLr = new Option<double>("--inner-lr") { Description = "alpha: inner step size; also the adaptation step size unless given", DefaultValueFactory = _ => defaults.InnerLr }.Positive();
        OuterLr = new Option<double>("--outer-lr") { Description = "beta: outer Adam learning rate (eq. 2)", DefaultValueFactory = _ => defaults.OuterLr }.Positive();
        Batch = new Option<int>("--meta-batch") { Description = "Episodes per meta-update", DefaultValueFactory = _ => defaults.MetaBatch }.InRange(1, 1000);
        FirstOrder = new("--first-order") { Description = "First-order MAML (no second derivatives)", DefaultValueFactory = _ => defaults.FirstOrder };
        InnerLoss = new("--inner-loss") { Description = "Support loss of the inner step: default (prototype at K >= 2, the sweep's choice at K = 1), contrastive, prototype, softmax or views", DefaultValueFactory = _ => InnerLossName(defaults.InnerLoss) };
        MetaSgd = new("--meta-sgd") { Description = "Meta-SGD: also meta-learn one inner step size per weight (starting at --inner-lr)", DefaultValueFactory = _ => defaults.LearnInnerRates };
        LabelThreshold = new Option<int?>("--label-threshold") { Description = "Claims 5/12: support sets must hold more labelled images than this (N x K), query sets fewer (N x Q); unset: no constraint" }.InRange(1, 1_000_000);
    }

    /// <summary>The defaults shown in --help.</summary>
    public MamlOptions Defaults { get; }

    /// <summary>--meta-iterations.</summary>
    public Option<int> Iterations { get; }
    /// <summary>--meta-ways.</summary>
    public Option<int> Ways { get; }
    /// <summary>--shots, or null when the command defines its own.</summary>
    public Option<int>? Shots { get; }
    /// <summary>--queries.</summary>
    public Option<int> Queries { get; }
    /// <summary>--mode.</summary>
    public Option<string> Mode { get; }
    /// <summary>--inner-steps.</summary>
    public Option<int> InnerSteps { get; }
    /// <summary>--inner-lr.</summary>
    public Option<double> InnerLr { get; }
    /// <summary>--outer-lr.</summary>
    public Option<double> OuterLr { get; }
    /// <summary>--meta-batch.</summary>
    public Option<int> Batch { get; }
    /// <summary>--first-order.</summary>
    public Option<bool> FirstOrder { get; }
    /// <summary>--inner-loss.</summary>
    public Option<string> InnerLoss { get; }
    /// <summary>--meta-sgd.</summary>
    public Option<bool> MetaSgd { get; }
    /// <summary>--label-threshold.</summary>
    public Option<int?> LabelThreshold { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option?[] { Iterations, Ways, Shots, Queries, Mode, InnerSteps, InnerLr, OuterLr, Batch, FirstOrder, InnerLoss, MetaSgd, LabelThreshold })
            if (o is not null) command.Options.Add(o);
    }

    /// <summary>The settings: <paramref name="baseline"/> (default: <see cref="Defaults"/>) with every option given on the command line applied.</summary>
    public MamlOptions Read(ParseResult parse, MamlOptions? baseline = null)
    {
        var o = baseline ?? Defaults;
        T Get<T>(Option<T> option, T current) => Given(parse, option) ? parse.GetValue(option)! : current;
        o = o with
        {
            MetaIterations = Get(Iterations, o.MetaIterations), Ways = Get(Ways, o.Ways), Queries = Get(Queries, o.Queries),
            InnerSteps = Get(InnerSteps, o.InnerSteps), InnerLr = Get(InnerLr, o.InnerLr), OuterLr = Get(OuterLr, o.OuterLr),
            MetaBatch = Get(Batch, o.MetaBatch), FirstOrder = Get(FirstOrder, o.FirstOrder),
            Mode = Given(parse, Mode) ? ParseMode(parse.GetValue(Mode)!) : o.Mode,
            InnerLoss = Given(parse, InnerLoss) ? SupportLosses.Parse(parse.GetValue(InnerLoss)!) : o.InnerLoss,
            LearnInnerRates = Get(MetaSgd, o.LearnInnerRates),
            LabelThreshold = Given(parse, LabelThreshold) ? parse.GetValue(LabelThreshold) : o.LabelThreshold,
        };
        if (Shots is not null) o = o with { Shots = Get(Shots, o.Shots) };
        o.Validate();
        return o;
    }

    /// <summary>True when <paramref name="option"/> was written on the command line (not its default).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The CLI name of a support loss kind (what <see cref="SupportLosses.Parse"/> reads back).</summary>
    public static string InnerLossName(SupportLossKind kind) => FewShot.InnerLoopConfig.LossName(kind);

    /// <summary>"disjoint" or "same".</summary>
    public static EpisodeMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "disjoint" => EpisodeMode.DisjointClasses,
        "same" => EpisodeMode.SameClasses,
        _ => throw new ArgumentException($"Unknown --mode '{text}'. Use 'disjoint' or 'same'."),
    };
}
