using System.CommandLine;
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
/// <c>fewshot metatrain</c>: stage 2 (MAML on D2 episodes) and the repetition of stages 1 and 2 until they agree (230),
/// starting from a stage-1 checkpoint; prints inner/outer losses and the agreement per round.
/// </summary>
public static class MetatrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var data = MetaCli.Data();
        var dataDir = CommonOptions.DataDir();
        var perClass = MetaCli.PerClass();
        var model = new Option<string>("--model") { Description = "Stage-1 checkpoint to start from", DefaultValueFactory = _ => "models/stage1.ckpt" }.NotEmpty();
        var output = new Option<string>("--out") { Description = "Meta-learned checkpoint to write (atomic); the matching stage-1-only model goes to <out>.stage1", DefaultValueFactory = _ => "models/meta.ckpt" }.OutputFile();
        var rounds = new Option<int>("--rounds") { Description = "Most rounds of (stage 1, stage 2)", DefaultValueFactory = _ => 2 }.InRange(1, 1000);
        var tolerance = new Option<double>("--tolerance") { Description = "Stop when held-out scores of stage 1 and 2 differ by at most this", DefaultValueFactory = _ => 0.02 }.InRange(0, 1);
        var stage1Steps = new Option<int>("--stage1-steps") { Description = "Stage-1 steps in rounds after the first", DefaultValueFactory = _ => 100 }.InRange(0, 10_000_000);
        var iterations = new Option<int>("--meta-iterations") { Description = "m: meta-iterations per round", DefaultValueFactory = _ => 60 }.InRange(0, 1_000_000);
        var ways = new Option<int>("--ways") { Description = "N: classes per episode side", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var shots = new Option<int>("--shots") { Description = "K: support images per class", DefaultValueFactory = _ => 1 }.InRange(1, 1000);
        var queries = new Option<int>("--queries") { Description = "Q: query images per class", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var mode = new Option<string>("--mode") { Description = "Episodes: 'disjoint' (patent: query classes differ from support classes) or 'same'", DefaultValueFactory = _ => "disjoint" };
        var innerSteps = new Option<int>("--inner-steps") { Description = "n: inner steps (eq. 1)", DefaultValueFactory = _ => 3 }.InRange(1, 1000);
        var innerLr = new Option<double>("--inner-lr") { Description = "alpha: inner step size", DefaultValueFactory = _ => 0.1 }.Positive();
        var outerLr = new Option<double>("--outer-lr") { Description = "beta: outer Adam learning rate (eq. 2)", DefaultValueFactory = _ => 1e-3 }.Positive();
        var batch = new Option<int>("--meta-batch") { Description = "Episodes per meta-update", DefaultValueFactory = _ => 4 }.InRange(1, 1000);
        var firstOrder = new Option<bool>("--first-order") { Description = "First-order MAML (no second derivatives)" };
        var cmd = new Command("metatrain", "Stage 2 (MAML on D2 episodes with a metric loss) repeated with stage 1 until both agree; writes the meta-learned checkpoint.")
            { data, dataDir, perClass, model, output, rounds, tolerance, stage1Steps, iterations, ways, shots, queries, mode, innerSteps, innerLr, outerLr, batch, firstOrder, seed, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            var s = parse.GetValue(seed);
            Seeding.Seed(s);
            var net = MetaCli.LoadModel(parse.GetValue(model)!, dev, "fewshot pretrain");
            using var split = MetaCli.Split(parse.GetValue(data)!, parse.GetValue(perClass), parse.GetValue(dataDir), s, dev);
            AnsiConsole.MarkupLine(Markup.Escape(split.Description));
            var episodeMode = parse.GetValue(mode)!.Trim().ToLowerInvariant() switch
            {
                "disjoint" => EpisodeMode.DisjointClasses,
                "same" => EpisodeMode.SameClasses,
                var m => throw new ArgumentException($"Unknown --mode '{m}'. Use 'disjoint' or 'same'."),
            };
            var mamlOptions = new MamlOptions
            {
                Ways = parse.GetValue(ways), Shots = parse.GetValue(shots), Queries = parse.GetValue(queries), Mode = episodeMode,
                InnerSteps = parse.GetValue(innerSteps), InnerLr = parse.GetValue(innerLr), OuterLr = parse.GetValue(outerLr),
                MetaBatch = parse.GetValue(batch), MetaIterations = parse.GetValue(iterations), FirstOrder = parse.GetValue(firstOrder),
            };
            var pipeline = new FewShotPipeline(net, new MetricStage(MetaCli.Stage1Options(parse.GetValue(stage1Steps), s, dev)), mamlOptions,
                new PipelineOptions { MaxRounds = parse.GetValue(rounds), Tolerance = parse.GetValue(tolerance), Stage1AlreadyDone = true, Seed = s, HeldOutWays = Math.Min(5, split.D2HeldOut.ClassCount) });
            var total = pipeline.Options.MaxRounds * (mamlOptions.MetaIterations + pipeline.Stage1.Options.Steps);
            var done = 0;
            MetaCli.WithProgress("meta-training", total, report =>
            {
                pipeline.Progress = FewShotLearn.Training.TrainingProgress.Handler(p =>
                {
                    report(++done, p.ToString());
                    if (p.Values.Count > 0 && (p.Step % 10 == 0 || p.Step == 1)) AnsiConsole.MarkupLine(Markup.Escape($"{p}, {p.Seconds * 1000:F0} ms"));
                });
                pipeline.OnRound = rec => AnsiConsole.MarkupLine(Markup.Escape(
                    $"round {rec.Round}: held-out score stage 1 {rec.Stage1Score:F3}, stage 2 {rec.Stage2Score:F3}, gap {rec.Gap:F3} {(rec.Agreed ? "<= " : "> ")}{rec.Tolerance} ({(rec.Agreed ? "agreed" : "not yet")})"));
                return pipeline.Run(split);
            });
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var meta = new Dictionary<string, string> { ["stage"] = "2", ["rounds"] = pipeline.Rounds.Count.ToString(), ["firstOrder"] = mamlOptions.FirstOrder.ToString(), ["seed"] = s.ToString() };
            net.Save(path, meta);
            pipeline.Stage1Only!.Save(path + ".stage1", new Dictionary<string, string> { ["stage"] = "1", ["matchedTo"] = path });
            AnsiConsole.MarkupLine(Markup.Escape($"saved {path} (meta-learned) and {path}.stage1 (stage 1 only, same stage-1 budget); {pipeline.Rounds.Count} round(s), agreed: {pipeline.Rounds[^1].Agreed}"));
            return 0;
        });
        return cmd;
    }
}
