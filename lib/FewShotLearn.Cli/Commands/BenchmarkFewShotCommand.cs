using System.CommandLine;
using System.Diagnostics;
using FewShotLearn.Sampling;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;

namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot benchmark fewshot</c>: the whole method on a cross-domain split (stage 1, stage 2 repeated to agreement)
/// and the results table of (a)-(e) over many target tasks, for 1-shot and 5-shot (or the given shots).
/// </summary>
public static class BenchmarkFewShotCommand
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
        var tasks = new Option<int>("--tasks") { Description = "Target tasks per setting", DefaultValueFactory = _ => 200 }.InRange(1, 1_000_000);
        var shots = new Option<string>("--shots") { Description = "K values to evaluate, comma-separated", DefaultValueFactory = _ => "1,5" }.IntList(1, 1000, 16);
        var ways = new Option<int>("--ways") { Description = "N target classes per task", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var stage1Steps = new Option<int>("--stage1-steps") { Description = "Stage-1 steps per round", DefaultValueFactory = _ => 300 }.InRange(0, 10_000_000);
        var iterations = new Option<int>("--meta-iterations") { Description = "Meta-iterations per round", DefaultValueFactory = _ => 100 }.InRange(0, 1_000_000);
        var rounds = new Option<int>("--rounds") { Description = "Most rounds of (stage 1, stage 2)", DefaultValueFactory = _ => 2 }.InRange(1, 1000);
        var innerSteps = new Option<int>("--inner-steps") { Description = "n: inner steps (also the adaptation steps on S_t)", DefaultValueFactory = _ => 3 }.InRange(1, 1000);
        var innerLr = new Option<double>("--inner-lr") { Description = "alpha (also the adaptation step size)", DefaultValueFactory = _ => 0.1 }.Positive();
        var firstOrder = new Option<bool>("--first-order") { Description = "First-order MAML" };
        var cmd = new Command("fewshot", "The results table of the patented method: retrieval on unseen target classes of (a) stage 1, (b) + fine-tuning, (c) full method, (d) prototypes, (e) ablation: stage 1 + plain D2 training + fine-tuning; mean ± 95% interval.")
            { data, dataDir, perClass, channels, tasks, shots, ways, stage1Steps, iterations, rounds, innerSteps, innerLr, firstOrder, seed, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            var s = parse.GetValue(seed);
            var clock = Stopwatch.StartNew();
            using var split = MetaCli.Split(parse.GetValue(data)!, parse.GetValue(perClass), parse.GetValue(dataDir), s, dev);
            AnsiConsole.MarkupLine(Markup.Escape(split.Description));
            var shotList = OptionRules.ParseList(parse.GetValue(shots)!);
            foreach (var k in shotList)
            {
                Seeding.Seed(s);
                var net = new EmbeddingNet(split.D1.Channels, OptionRules.ParseList(parse.GetValue(channels)!), dev);
                var n = Math.Min(parse.GetValue(ways), split.D2.ClassCount / 2);
                var mode = split.D2.ClassCount >= 2 * n ? EpisodeMode.DisjointClasses : EpisodeMode.SameClasses;
                var maml = new MamlOptions
                {
                    Ways = n, Shots = k, Queries = 5, Mode = mode, InnerSteps = parse.GetValue(innerSteps), InnerLr = parse.GetValue(innerLr),
                    MetaIterations = parse.GetValue(iterations), FirstOrder = parse.GetValue(firstOrder),
                };
                var pipeline = new FewShotPipeline(net, new MetricStage(MetaCli.Stage1Options(parse.GetValue(stage1Steps), s, dev)), maml,
                    new PipelineOptions { MaxRounds = parse.GetValue(rounds), Seed = s, TrainDomainBaseline = true, HeldOutShots = k, HeldOutWays = Math.Min(5, split.D2HeldOut.ClassCount) });
                var total = pipeline.Options.MaxRounds * (maml.MetaIterations + pipeline.Stage1.Options.Steps);
                AnsiConsole.MarkupLine(Markup.Escape($"(e) trains {pipeline.DomainSteps} plain metric steps on D2 per round (as many images as stage 2's {maml.MetaIterations} meta-iterations see)"));
                var done = 0;
                MetaCli.WithProgress($"{k}-shot training", total, report =>
                {
                    pipeline.Progress = FewShotLearn.Training.TrainingProgress.Handler(p => report(++done, $"{k}-shot {p}"));
                    return pipeline.Run(split);
                });
                foreach (var rec in pipeline.Rounds)
                    AnsiConsole.MarkupLine(Markup.Escape($"round {rec.Round}: held-out score stage 1 {rec.Stage1Score:F3}, stage 2 {rec.Stage2Score:F3}, gap {rec.Gap:F3} ({(rec.Agreed ? "agreed" : "not agreed")})"));
                var evaluation = new CrossDomainEvaluation(pipeline.Stage1Only!, net,
                    new EvaluationOptions { Ways = parse.GetValue(ways), Shots = k, Tasks = parse.GetValue(tasks), AdaptSteps = maml.InnerSteps, AdaptLr = maml.InnerLr, Seed = s + 100,
                        DatabasePerClass = Math.Min(15, split.Target.Count / split.Target.ClassCount - k) }, domainTrained: pipeline.DomainTrained);
                var result = MetaCli.WithProgress($"{k}-shot evaluation", evaluation.Options.Tasks, report =>
                    evaluation.Run(split.Target, (t, total) => report(t, $"{k}-shot task {t}/{total}")));
                MetaCli.PrintResults(result, $"{parse.GetValue(ways)}-way {k}-shot, {result.Options.Tasks} target tasks ({parse.GetValue(data)})");
                Console.WriteLine(result.ToMarkdown());
                pipeline.Stage1Only!.Dispose();
                pipeline.DomainTrained?.Dispose();
                net.Dispose();
            }
            AnsiConsole.MarkupLine(Markup.Escape($"total {clock.Elapsed.TotalSeconds:F0} s on {dev}"));
            return 0;
        });
        return cmd;
    }
}
