using System.Diagnostics;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot pretrain</c>: pretraining (step 210 of the method), metric learning on the source set, saved as a checkpoint.</summary>
public static class PretrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var splitOptions = new SplitCliOptions();
        var channels = MetaCli.Channels();
        var steps = new Option<int>("--steps") { Description = "Pretraining steps (P x K class-balanced batches, triplet loss)", DefaultValueFactory = _ => 300 }.InRange(1, 10_000_000);
        var output = new Option<string>("--out") { Description = "Checkpoint to write (atomic)", DefaultValueFactory = _ => "models/pretrained.ckpt" }.OutputFile();
        var cmd = new Command("pretrain", "Pretraining (the patent's step 210): metric learning on the source set (many labels); writes an EmbeddingNet checkpoint.")
            { channels, steps, output };
        splitOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var (dev, s) = splitOptions.Start(parse);
            using var split = splitOptions.Split(parse, dev, s);
            var net = new EmbeddingNet(split.Source.Channels, MetaCli.ParseChannels(parse.GetValue(channels)!), dev);
            var pretraining = new Pretraining(MetaCli.PretrainingOptions(parse.GetValue(steps), s, dev));
            var clock = Stopwatch.StartNew();
            var losses = MetaCli.WithProgress("pretraining", pretraining.Options.Steps, report =>
                pretraining.Train(net, split.Source, 0, FewShotLearn.Training.TrainingProgress.Handler(p => report(p.Step, $"pretraining {p}"))));
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            net.Save(path, new Dictionary<string, string> { ["stage"] = "pretrained", ["data"] = parse.GetValue(splitOptions.Data)!, ["steps"] = losses.Count.ToString(), ["seed"] = s.ToString() });
            var tail = losses.Skip(Math.Max(0, losses.Count - 20)).DefaultIfEmpty(double.NaN).Average();
            AnsiConsole.MarkupLine(Markup.Escape($"pretraining: {losses.Count} steps in {clock.Elapsed.TotalSeconds:F1} s, first loss {losses.FirstOrDefault():F4}, mean of last 20 {tail:F4}; saved {path}"));
            return 0;
        });
        return cmd;
    }
}
