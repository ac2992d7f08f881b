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
        var tasks = new Option<int>("--tasks") { Description = "Target tasks per setting", DefaultValueFactory = _ => 200 };
        var shots = new Option<string>("--shots") { Description = "K values to evaluate, comma-separated", DefaultValueFactory = _ => "1,5" };
        var ways = new Option<int>("--ways") { Description = "N target classes per task", DefaultValueFactory = _ => 5 };
        var stage1Steps = new Option<int>("--pretrain-steps") { Description = "Stage-1 steps per round", DefaultValueFactory = _ => 300 };
        var iterations = new Option<int>("--meta-iterations") { Description = "Meta-iterations per round", DefaultValueFactory = _ => 100 };
        var rounds = new Option<int>("--rounds") { Description = "Most rounds of (stage 1, stage 2)", DefaultValueFactory = _ => 2 };
        var innerSteps = new Option<int>("--inner-steps") { Description = "n: inner steps (also the adaptation steps on S_t)", DefaultValueFactory = _ => 3 };
        var innerLr = new Option<double>("--inner-lr") { Description = "alpha (also the adaptation step size)", DefaultValueFactory = _ => 0.1 };
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
            var shotList = parse.GetValue(shots)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            foreach (var k in shotList)
            {
                Seeding.Seed(s);
                var net = new EmbeddingNet(split.Source.Channels, MetaCli.ParseChannels(parse.GetValue(channels)!), dev);
                var n = Math.Min(parse.GetValue(ways), split.MetaTrain.ClassCount / 2);
                var mode = split.MetaTrain.ClassCount >= 2 * n ? EpisodeMode.DisjointClasses : EpisodeMode.SameClasses;
                var maml = new MamlOptions
                {
                    Ways = n, Shots = k, Queries = 5, Mode = mode, InnerSteps = parse.GetValue(innerSteps), InnerLr = parse.GetValue(innerLr),
                    MetaIterations = parse.GetValue(iterations), FirstOrder = parse.GetValue(firstOrder),
                };
                var pipeline = new FewShotPipeline(net, new Pretraining(MetaCli.PretrainingOptions(parse.GetValue(stage1Steps), s, dev)), maml,
                    new PipelineOptions { MaxRounds = parse.GetValue(rounds), Seed = s, TrainMetaTrainBaseline = true, ValidationShots = k, ValidationWays = Math.Min(5, split.MetaValidation.ClassCount) });
                var total = pipeline.Options.MaxRounds * (maml.MetaIterations + pipeline.Pretraining.Options.Steps);
                AnsiConsole.MarkupLine(Markup.Escape($"(e) trains {pipeline.MetaTrainSteps} plain metric steps on D2 per round (as many images as stage 2's {maml.MetaIterations} meta-iterations see)"));
                var done = 0;
                MetaCli.WithProgress($"{k}-shot training", total, report =>
                {
                    pipeline.OnPretrainingStep = (r, step, loss) => report(++done, $"{k}-shot round {r} stage 1 {step} loss {loss:F3}");
                    pipeline.OnMetaStep = (r, m) => report(++done, $"{k}-shot round {r} MAML {m.Iteration}/{m.Total} inner {m.InnerLossBefore:F3}->{m.InnerLossAfter:F3} outer {m.OuterLoss:F3}");
                    return pipeline.Run(split);
                });
                foreach (var rec in pipeline.Rounds)
                    AnsiConsole.MarkupLine(Markup.Escape($"round {rec.Round}: held-out score stage 1 {rec.PretrainingScore:F3}, stage 2 {rec.MetaTrainingScore:F3}, gap {rec.Gap:F3} ({(rec.Agreed ? "agreed" : "not agreed")})"));
                var evaluation = new CrossDomainEvaluation(pipeline.PretrainedOnly!, net,
                    new EvaluationOptions { Ways = parse.GetValue(ways), Shots = k, Tasks = parse.GetValue(tasks), AdaptSteps = maml.InnerSteps, AdaptLr = maml.InnerLr, Seed = s + 100,
                        DatabasePerClass = Math.Min(15, split.Target.Count / split.Target.ClassCount - k) }, domainTrained: pipeline.MetaTrainTrained);
                var result = MetaCli.WithProgress($"{k}-shot evaluation", evaluation.Options.Tasks, report =>
                    evaluation.Run(split.Target, (t, total) => report(t, $"{k}-shot task {t}/{total}")));
                MetaCli.PrintResults(result, $"{parse.GetValue(ways)}-way {k}-shot, {result.Options.Tasks} target tasks ({parse.GetValue(data)})");
                Console.WriteLine(result.ToMarkdown());
                pipeline.PretrainedOnly!.Dispose();
                pipeline.MetaTrainTrained?.Dispose();
                net.Dispose();
            }
            AnsiConsole.MarkupLine(Markup.Escape($"total {clock.Elapsed.TotalSeconds:F0} s on {dev}"));
            return 0;
        });
        return cmd;
    }
}
