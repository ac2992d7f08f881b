namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot metric-train</c>: trains an EmbeddingNet with a metric loss and saves the checkpoint (stage-1-style training).</summary>
public static class MetricTrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training images (folder, glyphs:train, mnist:train, fashion-mnist:train).", DefaultValueFactory = _ => "glyphs:train" }.NotEmpty();
        var loss = new Option<string>("--loss") { Description = "triplet (batch-hard), contrastive or prototype.", DefaultValueFactory = _ => "triplet" };
        var steps = new Option<int>("--steps") { Description = "Optimisation steps.", DefaultValueFactory = _ => 300 }.InRange(1, 10_000_000);
        var p = new Option<int>("--classes-per-batch") { Description = "P classes per batch.", DefaultValueFactory = _ => 8 }.InRange(2, 10_000);
        var kk = new Option<int>("--samples-per-class") { Description = "K images per class per batch.", DefaultValueFactory = _ => 4 }.InRange(2, 10_000);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 }.Positive();
        var channels = new Option<string>("--channels") { Description = "Output channels of each conv block, comma-separated.", DefaultValueFactory = _ => "64,64,64,64" }.IntList(1, 1024, 8);
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var output = new Option<string>("--out") { Description = "Checkpoint to write.", DefaultValueFactory = _ => "model.fsm" }.OutputFile();
        var cmd = new Command("metric-train", "Train an EmbeddingNet (conv blocks -> GAP -> L2) with a metric-learning loss and save it.") { data, loss, steps, p, kk, lr, channels, seed, device, output };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            IMetricLoss metric = parse.GetValue(loss)!.ToLowerInvariant() switch
            {
                "triplet" => new TripletLoss(),
                "contrastive" => new ContrastiveLoss(),
                "prototype" or "prototypical" => new PrototypeLoss(),
                var other => throw new ArgumentException($"Unknown loss '{other}'. Use triplet, contrastive or prototype."),
            };
            var blocks = parse.GetValue(channels)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.TryParse(c, out var v) ? v : throw new ArgumentException($"--channels: '{c}' is not a number.")).ToArray();
            var (set, _) = DataSpec.Load(parse.GetValue(data)!, dev);
            using (set)
            {
                Seeding.Seed(parse.GetValue(seed));
                using var net = new EmbeddingNet(set.Channels, blocks, dev);
                var options = new MetricTrainingOptions
                {
                    Steps = parse.GetValue(steps), ClassesPerBatch = parse.GetValue(p), SamplesPerClass = parse.GetValue(kk),
                    LearningRate = parse.GetValue(lr), Seed = parse.GetValue(seed), Device = dev,
                };
                IReadOnlyList<double> history = [];
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: options.Steps);
                    history = MetricTrainer.Train(net, set, metric, options, FewShotLearn.Training.TrainingProgress.Handler(s => { task.Value = s.Step; task.Description = $"loss {s.Loss:F4}"; }));
                });
                var outPath = parse.GetValue(output)!;
                net.Save(outPath, new Dictionary<string, string> { ["data"] = parse.GetValue(data)!, ["loss"] = parse.GetValue(loss)!, ["steps"] = options.Steps.ToString(), ["seed"] = options.Seed.ToString() });
                var n = Math.Max(1, history.Count / 10);
                AnsiConsole.MarkupLineInterpolated($"Loss {history.Take(n).DefaultIfEmpty().Average():F4} (first {n} steps) -> {history.TakeLast(n).DefaultIfEmpty().Average():F4} (last {n}). Wrote [green]{outPath}[/] (fingerprint {net.Fingerprint()}).");
            }
            return 0;
        });
        return cmd;
    }
}
