using System.CommandLine;
using System.Diagnostics;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot pretrain</c>: stage 1 (210) of the method, metric learning on D1, saved as a checkpoint.</summary>
public static class PretrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var data = MetaCli.Data();
        var dataDir = CommonOptions.DataDir();
        var perClass = MetaCli.PerClass();
        var channels = MetaCli.Channels();
        var steps = new Option<int>("--steps") { Description = "Stage-1 optimisation steps (P x K class-balanced batches, triplet loss)", DefaultValueFactory = _ => 300 }.InRange(1, 10_000_000);
        var output = new Option<string>("--out") { Description = "Checkpoint to write (atomic)", DefaultValueFactory = _ => "models/stage1.ckpt" }.OutputFile();
        var cmd = new Command("pretrain", "Stage 1: metric learning on D1 (many labels); writes an EmbeddingNet checkpoint.")
            { data, dataDir, perClass, channels, steps, output, seed, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            var s = parse.GetValue(seed);
            Seeding.Seed(s);
            using var split = MetaCli.Split(parse.GetValue(data)!, parse.GetValue(perClass), parse.GetValue(dataDir), s, dev);
            AnsiConsole.MarkupLine(Markup.Escape(split.Description));
            var net = new EmbeddingNet(split.D1.Channels, OptionRules.ParseList(parse.GetValue(channels)!), dev);
            var stage = new MetricStage(MetaCli.Stage1Options(parse.GetValue(steps), s, dev));
            var clock = Stopwatch.StartNew();
            var losses = MetaCli.WithProgress("stage 1", stage.Options.Steps, report =>
                stage.Train(net, split.D1, 0, FewShotLearn.Training.TrainingProgress.Handler(p => report(p.Step, $"stage 1 {p}"))));
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            net.Save(path, new Dictionary<string, string> { ["stage"] = "1", ["data"] = parse.GetValue(data)!, ["steps"] = losses.Count.ToString(), ["seed"] = s.ToString() });
            var tail = losses.Skip(Math.Max(0, losses.Count - 20)).DefaultIfEmpty(double.NaN).Average();
            AnsiConsole.MarkupLine(Markup.Escape($"stage 1: {losses.Count} steps in {clock.Elapsed.TotalSeconds:F1} s, first loss {losses.FirstOrDefault():F4}, mean of last 20 {tail:F4}; saved {path}"));
            return 0;
        });
        return cmd;
    }
}
