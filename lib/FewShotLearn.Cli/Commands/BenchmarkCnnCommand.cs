namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot benchmark cnn</c>: trains SmallCnn on MNIST and Fashion-MNIST and prints test accuracy, wall time and throughput.</summary>
public static class BenchmarkCnnCommand
{
    /// <summary>Creates the <c>cnn</c> sub-command of <c>benchmark</c>.</summary>
    public static Command Create()
    {
        var datasets = new Option<string>("--datasets") { Description = "Comma-separated data sets", DefaultValueFactory = _ => "mnist,fashion-mnist" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per data set", DefaultValueFactory = _ => 15 }.InRange(1, 10_000);
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without test-accuracy gain (0 = never)", DefaultValueFactory = _ => 3 }.InRange(0, 10_000);
        var batch = new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => 64 }.InRange(1, 65_536);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 1e-3 }.Positive();
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var channels = new Option<string>("--channels") { Description = "Channels of the conv blocks", DefaultValueFactory = _ => "32,64" }.IntList(1, 1024, 8);
        var dataDir = CommonOptions.DataDir();
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on a seeded random subset of this many images (quick runs; the default is the whole training set)" }.InRange(1, 100_000_000);
        var cmd = new Command("cnn", "Train SmallCnn to convergence on MNIST and Fashion-MNIST; print test accuracy vs the targets (99.0% / 91%), wall time and images/s.")
            { datasets, epochs, patience, batch, lr, seed, device, channels, dataDir, trainLimit };
        cmd.SetAction(parse =>
        {
            if (CommonOptions.CudaAbsent(parse.GetValue(device), "benchmark cnn")) return 0;
            var targets = new Dictionary<string, double> { ["mnist"] = 0.99, ["fashion-mnist"] = 0.91 };
            var table = new Table().Title("benchmark cnn").AddColumns("data set", "train / test images", "epochs", "test accuracy", "best epoch acc.", "target", "wall time", "train images/s");
            foreach (var name in parse.GetValue(datasets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var run = new TrainCnnCommand.CnnRun(name, parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed),
                    parse.GetValue(device)!, null, parse.GetValue(trainLimit), null, OptionRules.ParseList(parse.GetValue(channels)!), parse.GetValue(dataDir), Fallback: false, Patience: parse.GetValue(patience));
                var r = TrainCnnCommand.Train(run, showSummary: false);
                var best = r.History.Epochs.Max(e => e.TestAccuracy ?? 0);
                var trainSeconds = r.History.Epochs.Sum(e => e.Seconds);
                var images = r.History.Epochs.Count * (double)r.Data.Train.Count;
                var target = targets.TryGetValue(name.ToLowerInvariant(), out var t) ? $"{t:P1} {(r.Final.Accuracy >= t ? "[green]met[/]" : "[red]not met[/]")}" : "-";
                table.AddRow(name, $"{r.Data.Train.Count} / {r.Data.Test.Count}", r.History.Epochs.Count.ToString(), $"{r.Final.Accuracy:P2}", $"{best:P2}", target,
                    $"{r.WallSeconds:F1} s", $"{images / trainSeconds:F0}");
                r.Data.Dispose();
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"device {Devices.Parse(parse.GetValue(device))}, torch threads {torch.get_num_threads()}"));
            return 0;
        });
        return cmd;
    }
}
