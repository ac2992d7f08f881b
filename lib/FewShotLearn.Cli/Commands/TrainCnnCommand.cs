using FewShotLearn.Cli.Training;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot train-cnn</c>: trains the course's SmallCnn on MNIST, Fashion-MNIST or glyphs with a progress bar.</summary>
public static class TrainCnnCommand
{
    /// <summary>Options shared with the benchmark.</summary>
    internal sealed record CnnRun(string Dataset, int Epochs, int BatchSize, double LearningRate, int Seed, string Device, string? Checkpoint,
        int? TrainLimit, int? TestLimit, int[] Channels, string? DataDir, bool Fallback, int Patience);

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion-mnist or glyphs", DefaultValueFactory = _ => "mnist" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set", DefaultValueFactory = _ => 3 }.InRange(1, 10_000);
        var batch = new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => 64 }.InRange(1, 65_536);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 1e-3 }.Positive();
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the best model (by test accuracy) here" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use a seeded random subset of this many training images" }.InRange(1, 100_000_000);
        var testLimit = new Option<int?>("--test-limit") { Description = "Use a seeded random subset of this many test images" }.InRange(1, 100_000_000);
        var channels = new Option<string>("--channels") { Description = "Channels of the conv blocks, comma separated", DefaultValueFactory = _ => "32,64" }.IntList(1, 1024, 8);
        var dataDir = CommonOptions.DataDir();
        var cmd = new Command("train-cnn", "Train the course's small CNN (conv-relu-pool blocks, FC, log_softmax) and report test accuracy.")
            { dataset, epochs, batch, lr, seed, device, checkpoint, trainLimit, testLimit, channels, dataDir };
        cmd.SetAction(parse =>
        {
            var run = new CnnRun(parse.GetValue(dataset)!, parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed),
                parse.GetValue(device)!, parse.GetValue(checkpoint), parse.GetValue(trainLimit), parse.GetValue(testLimit),
                OptionRules.ParseList(parse.GetValue(channels)!), parse.GetValue(dataDir), Fallback: false, Patience: 0);
            var result = Train(run, showSummary: true);
            result.Data.Dispose();
            return 0;
        });
        return cmd;
    }

    internal sealed record CnnResult(TrainTestData Data, History History, EvaluationMetrics Final, double WallSeconds);

    internal static CnnResult Train(CnnRun run, bool showSummary)
    {
        var dev = Devices.Parse(run.Device);
        var data = CourseData.Load(run.Dataset, run.TrainLimit, run.TestLimit, run.Seed, run.DataDir, run.Fallback);
        AnsiConsole.MarkupLine(Markup.Escape(data.Note));
        Seeding.Seed(run.Seed);
        using var model = new SmallCnn(data.Train.ClassCount, data.Train.Channels, data.Train.Height, run.Channels);
        model.to(dev);
        if (showSummary)
        {
            using var sample = data.Train.Images.narrow(0, 0, 1).to(dev);
            AnsiConsole.Write(SpectreProgress.SummaryTable(ModelSummary.Of(model, sample)));
        }
        var trainer = new Trainer(new TrainerOptions { Epochs = run.Epochs, BatchSize = run.BatchSize, LearningRate = run.LearningRate, Seed = run.Seed, Device = dev });
        if (run.Patience > 0) trainer.With(new EarlyStopping(run.Patience));
        if (run.Checkpoint is { } path)
            trainer.With(new CheckpointCallback(path, bestOnly: true, new Dictionary<string, string>
            {
                ["dataset"] = data.Source, ["channels"] = string.Join(",", run.Channels), ["classes"] = data.Train.ClassCount.ToString(),
                ["inputChannels"] = data.Train.Channels.ToString(), ["imageSize"] = data.Train.Height.ToString(),
            }));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var history = SpectreProgress.Run(data.Source, cb => trainer.With(cb).Fit(model, data.Train, data.Test));
        double wall = clock.Elapsed.TotalSeconds;
        var final = history.LastEvaluation ?? Trainer.Evaluate(model, data.Test, device: dev);
        var cm = new ConfusionMatrix(final.Labels, final.Predictions, data.Test.ClassNames);
        AnsiConsole.MarkupLine(Markup.Escape($"test accuracy {final.Accuracy:P2} on {data.Test.Count} images; most confused: " +
            string.Join(", ", cm.TopConfusions(3).Select(c => $"{c.True}->{c.Predicted} x{c.Count}"))));
        if (run.Checkpoint is { } p) AnsiConsole.MarkupLine(Markup.Escape($"checkpoint: {Path.GetFullPath(p)}"));
        return new CnnResult(data, history, final, wall);
    }
}
