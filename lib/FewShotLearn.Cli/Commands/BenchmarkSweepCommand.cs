namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot benchmark sweep</c>: the inner-loop sweep (inner loss x inner steps x inner step size, then first order and
/// Meta-SGD from the best) scored on meta-validation classes; prints the table and the chosen configuration.
/// </summary>
public static class BenchmarkSweepCommand
{
    /// <summary>Creates the sub-command (attached under <c>benchmark</c>).</summary>
    public static Command Create()
    {
        var splitOptions = new SplitCliOptions();
        var channels = MetaCli.Channels();
        var shots = new Option<string>("--shots") { Description = "K values to sweep, comma-separated", DefaultValueFactory = _ => "1,5" }.IntList(1, 50, 8);
        var pretrainSteps = new Option<int>("--pretrain-steps") { Description = "Pretraining steps on the source set (once, shared by every configuration)", DefaultValueFactory = _ => 200 }.InRange(0, 1_000_000);
        var iterations = new Option<int>("--meta-iterations") { Description = "Meta-iterations per configuration", DefaultValueFactory = _ => 40 }.InRange(0, 1_000_000);
        var batch = new Option<int>("--meta-batch") { Description = "Episodes per meta-update", DefaultValueFactory = _ => 4 }.InRange(1, 1000);
        var tasks = new Option<int>("--validation-tasks") { Description = "Meta-validation tasks per configuration", DefaultValueFactory = _ => 40 }.InRange(2, 100_000);
        var losses = new Option<string>("--inner-losses") { Description = "Inner losses to try: contrastive, softmax, views, prototype (K >= 2); 'default' = contrastive,softmax,views at 1 shot, prototype,views above", DefaultValueFactory = _ => "default" };
        var steps = new Option<string>("--inner-steps") { Description = "Inner step counts to try, comma-separated", DefaultValueFactory = _ => "1,3" }.IntList(1, 100, 16);
        var lrs = new Option<string>("--inner-lrs") { Description = "Inner step sizes to try, comma-separated", DefaultValueFactory = _ => "0.05,0.2" }
            .Rule(t => TryDoubles(t, out var v) && v.All(x => double.IsFinite(x) && x > 0), "finite numbers greater than 0 separated by commas (e.g. 0.05,0.2)");
        var noStageB = new Option<bool>("--no-order-or-meta-sgd") { Description = "Skip stage B (first order and Meta-SGD from the best of stage A)" };
        var cmd = new Command("sweep", "Inner-loop sweep of MAML (inner loss, steps, step size, first vs second order, Meta-SGD) chosen by mAP@R on meta-validation classes, never on target tasks.")
            { channels, shots, pretrainSteps, iterations, batch, tasks, losses, steps, lrs, noStageB };
        splitOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (CommonOptions.CudaAbsent(parse.GetValue(splitOptions.Device), "benchmark sweep")) return 0;
            var dev = Devices.Parse(parse.GetValue(splitOptions.Device));
            var s = parse.GetValue(splitOptions.Seed);
            using var split = splitOptions.Split(parse, dev, s);   // built before seeding, as before: the split has its own seed
            Seeding.Seed(s);
            using var net = new EmbeddingNet(split.Source.Channels, OptionRules.ParseList(parse.GetValue(channels)!), dev);
            new Pretraining(MetaCli.PretrainingOptions(parse.GetValue(pretrainSteps), s, dev)).Train(net, split.Source);
            net.eval();
            var ways = split.MetaTrainWays(EpisodeMode.DisjointClasses);
            foreach (var k in OptionRules.ParseList(parse.GetValue(shots)!))
            {
                var options = new InnerLoopSweepOptions
                {
                    Maml = new MamlOptions { Ways = ways, Shots = k, Queries = 5, Mode = EpisodeMode.DisjointClasses, MetaBatch = parse.GetValue(batch), MetaIterations = parse.GetValue(iterations) },
                    InnerLosses = parse.GetValue(losses)!.Trim().ToLowerInvariant() == "default"
                        ? (k == 1 ? [SupportLossKind.Contrastive, SupportLossKind.Softmax, SupportLossKind.AugmentedViews] : [SupportLossKind.Prototype, SupportLossKind.AugmentedViews])
                        : ParseList(parse.GetValue(losses)!, "--inner-losses", n => SupportLosses.Parse(n)),
                    InnerSteps = OptionRules.ParseList(parse.GetValue(steps)!),
                    InnerLrs = ParseList(parse.GetValue(lrs)!, "--inner-lrs", t => double.Parse(t, CultureInfo.InvariantCulture)),
                    TryOrderAndMetaSgd = !parse.GetValue(noStageB),
                    ValidationTasks = parse.GetValue(tasks),
                    Seed = s,
                };
                var result = InnerLoopSweep.Run(net, split.MetaTrain, split.MetaValidation, options,
                    row => AnsiConsole.MarkupLine(Markup.Escape($"{k}-shot {row.Stage}: {row.Name}: mAP@R {row.MapAtR}, P@1 {row.PrecisionAt1}, {row.Seconds:F1} s")));
                var table = new Table().Title(Markup.Escape($"{k}-shot inner-loop sweep: {result.Validation}")).AddColumns("stage", "configuration", "mAP@R", "P@1", "support loss before → after", "s");
                foreach (var r in result.Rows)
                    table.AddRow(r.Stage, Markup.Escape(r.Name), r.MapAtR.ToString(), r.PrecisionAt1.ToString(),
                        double.IsNaN(r.SupportLossBefore) ? "–" : $"{r.SupportLossBefore:F3} → {r.SupportLossAfter:F3}", r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(Markup.Escape(result.ChosenLine));
            }
            return 0;
        });
        return cmd;
    }

    static bool TryDoubles(string text, out double[] values)
    {
        try { values = ParseList(text, "--inner-lrs", t => double.Parse(t, CultureInfo.InvariantCulture)); return true; }
        catch (ArgumentException) { values = []; return false; }
    }

    static T[] ParseList<T>(string text, string option, Func<string, T> parse)
    {
        try
        {
            var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
            if (items.Length == 0) throw new FormatException();
            return items;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} must be a comma-separated list (e.g. {option} 1,3); got '{text}'.");
        }
    }
}
