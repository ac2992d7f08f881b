using System.CommandLine;
using System.Globalization;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using FewShotLearn.Sampling;
using Spectre.Console;

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
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var data = MetaCli.Data();
        var dataDir = CommonOptions.DataDir();
        var perClass = MetaCli.PerClass();
        var channels = MetaCli.Channels();
        var shots = new Option<string>("--shots") { Description = "K values to sweep, comma-separated", DefaultValueFactory = _ => "1,5" };
        var stage1Steps = new Option<int>("--stage1-steps") { Description = "Stage-1 steps on D1 (once, shared by every configuration)", DefaultValueFactory = _ => 200 };
        var iterations = new Option<int>("--meta-iterations") { Description = "Meta-iterations per configuration", DefaultValueFactory = _ => 40 };
        var batch = new Option<int>("--meta-batch") { Description = "Episodes per meta-update", DefaultValueFactory = _ => 4 };
        var tasks = new Option<int>("--validation-tasks") { Description = "Meta-validation tasks per configuration", DefaultValueFactory = _ => 40 };
        var losses = new Option<string>("--inner-losses") { Description = "Inner losses to try: contrastive, softmax, views, prototype (K >= 2); 'default' = contrastive,softmax,views at 1 shot, prototype,views above", DefaultValueFactory = _ => "default" };
        var steps = new Option<string>("--inner-steps") { Description = "Inner step counts to try, comma-separated", DefaultValueFactory = _ => "1,3" };
        var lrs = new Option<string>("--inner-lrs") { Description = "Inner step sizes to try, comma-separated", DefaultValueFactory = _ => "0.05,0.2" };
        var noStageB = new Option<bool>("--no-order-or-meta-sgd") { Description = "Skip stage B (first order and Meta-SGD from the best of stage A)" };
        var cmd = new Command("sweep", "Inner-loop sweep of MAML (inner loss, steps, step size, first vs second order, Meta-SGD) chosen by mAP@R on meta-validation classes, never on target tasks.")
            { data, dataDir, perClass, channels, shots, stage1Steps, iterations, batch, tasks, losses, steps, lrs, noStageB, seed, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            var s = parse.GetValue(seed);
            using var split = MetaCli.Split(parse.GetValue(data)!, parse.GetValue(perClass), parse.GetValue(dataDir), s, dev);
            AnsiConsole.MarkupLine(Markup.Escape(split.Description));
            Seeding.Seed(s);
            var net = new EmbeddingNet(split.D1.Channels, OptionRules.ParseList(parse.GetValue(channels)!), dev);
            new MetricStage(MetaCli.Stage1Options(parse.GetValue(stage1Steps), s, dev)).Train(net, split.D1);
            net.eval();
            var ways = Math.Min(5, split.D2.ClassCount / 2);
            foreach (var k in ParseList(parse.GetValue(shots)!, "--shots", int.Parse))
            {
                var options = new InnerLoopSweepOptions
                {
                    Maml = new MamlOptions { Ways = ways, Shots = k, Queries = 5, Mode = EpisodeMode.DisjointClasses, MetaBatch = parse.GetValue(batch), MetaIterations = parse.GetValue(iterations) },
                    InnerLosses = parse.GetValue(losses)!.Trim().ToLowerInvariant() == "default"
                        ? (k == 1 ? [SupportLossKind.Contrastive, SupportLossKind.Softmax, SupportLossKind.AugmentedViews] : [SupportLossKind.Prototype, SupportLossKind.AugmentedViews])
                        : ParseList(parse.GetValue(losses)!, "--inner-losses", n => SupportLosses.Parse(n)),
                    InnerSteps = ParseList(parse.GetValue(steps)!, "--inner-steps", int.Parse),
                    InnerLrs = ParseList(parse.GetValue(lrs)!, "--inner-lrs", t => double.Parse(t, CultureInfo.InvariantCulture)),
                    TryOrderAndMetaSgd = !parse.GetValue(noStageB),
                    ValidationTasks = parse.GetValue(tasks),
                    Seed = s,
                };
                var result = InnerLoopSweep.Run(net, split.D2, split.D2HeldOut, options,
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
