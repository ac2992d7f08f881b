using System.CommandLine;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;
using TorchSharp;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot benchmark maml</c>: time per meta-iteration and peak memory of second- vs first-order MAML.</summary>
public static class BenchmarkMamlCommand
{
    /// <summary>Creates the sub-command (attached under <c>benchmark</c>).</summary>
    public static Command Create()
    {
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var channels = MetaCli.Channels();
        var iterations = new Option<int>("--iterations") { Description = "Meta-iterations per variant (the first is warm-up)", DefaultValueFactory = _ => 20 }.InRange(1, 1_000_000);
        var ways = new Option<int>("--ways") { Description = "N", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var shots = new Option<int>("--shots") { Description = "K", DefaultValueFactory = _ => 5 }.InRange(1, 1000);
        var queries = new Option<int>("--queries") { Description = "Q per class", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var innerSteps = new Option<int>("--inner-steps") { Description = "n: inner steps", DefaultValueFactory = _ => 3 }.InRange(1, 1000);
        var batch = new Option<int>("--meta-batch") { Description = "Episodes per meta-update", DefaultValueFactory = _ => 4 }.InRange(1, 1000);
        var size = new Option<int>("--size") { Description = "Glyph image size in pixels", DefaultValueFactory = _ => 28 }.InRange(8, 256);
        var cmd = new Command("maml", "Second- vs first-order MAML: time per meta-iteration and peak memory (GC heap, working set, GPU when on CUDA).")
            { iterations, ways, shots, queries, innerSteps, batch, channels, size, seed, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            var s = parse.GetValue(seed);
            Seeding.Seed(s);
            var n = parse.GetValue(ways);
            using var d2 = Data.GlyphDataset.Generate(Math.Max(2 * n, 10), parse.GetValue(shots) + parse.GetValue(queries) + 2, parse.GetValue(size), s, dev, firstClass: 1000);
            var net = new EmbeddingNet(1, OptionRules.ParseList(parse.GetValue(channels)!), dev);
            var options = new MamlOptions
            {
                Ways = n, Shots = parse.GetValue(shots), Queries = parse.GetValue(queries), InnerSteps = parse.GetValue(innerSteps),
                MetaBatch = parse.GetValue(batch), MetaIterations = parse.GetValue(iterations),
            };
            var done = 0;   // second order runs first, then first order
            var runs = MetaCli.WithProgress("MAML", 2 * options.MetaIterations, report =>
                OrderComparison.Run(net, d2, options, s, FewShotLearn.Training.TrainingProgress.Handler(p => report(++done, p.ToString()))));
            var table = new Table().Title(Markup.Escape($"benchmark maml: {n}-way {options.Shots}-shot, {options.Queries} queries/class, n={options.InnerSteps} inner steps, meta-batch {options.MetaBatch}, {options.MetaIterations} iterations, EmbeddingNet [{parse.GetValue(channels)}] on {dev}"))
                .AddColumns("variant", "ms / meta-iteration (mean)", "ms (median)", "peak working set", "peak managed heap", "peak GPU memory", "outer loss first -> last");
            foreach (var r in runs)
                table.AddRow(r.Name, $"{r.MeanSecondsPerIteration * 1000:F1}", $"{r.MedianSecondsPerIteration * 1000:F1}", $"{r.PeakWorkingSetBytes / 1048576.0:F0} MiB", $"{r.PeakManagedBytes / 1048576.0:F1} MiB",
                    r.PeakGpuMiB is { } g ? $"{g} MiB" : "n/a (CPU)", $"{r.Steps[0].OuterLoss:F3} -> {r.Steps[^1].OuterLoss:F3}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"second/first-order time ratio (medians) {runs[0].MedianSecondsPerIteration / runs[1].MedianSecondsPerIteration:F2}; torch threads {torch.get_num_threads()}; working set is the process peak so far (second order runs first)"));
            return 0;
        });
        return cmd;
    }
}
