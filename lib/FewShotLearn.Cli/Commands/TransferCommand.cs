namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot transfer models|study</c>: the model family table and the measured transfer-learning study.</summary>
public static class TransferCommand
{
    /// <summary>Creates the command with its sub-commands.</summary>
    public static Command Create() => new("transfer", "Transfer learning: model family table and the size x similarity study.")
    {
        CreateModels(),
        CreateStudy(),
    };

    private static Command CreateModels()
    {
        var small = new Option<bool>("--small") { Description = "Only ResNet-18, MobileNetV2 and EfficientNet-B0 (fast)." };
        var cmd = new Command("models", "Build VGG16/19, ResNet-18/50/152, MobileNetV2, EfficientNet-B0/B7 (random weights) and count parameters and layers.") { small };
        cmd.SetAction(parse =>
        {
            var rows = ModelFamily.Measure(parse.GetValue(small) ? ModelFamily.Small : ModelFamily.Standard);
            var table = new Table().AddColumns("model", "year", "definition", "main-path layers", "conv+linear", "parameters (M)", "weights MiB", "build s");
            foreach (var r in rows)
                table.AddRow(r.Model, r.Year.ToString(), Markup.Escape(r.Source), r.MainPathLayers.ToString(), r.ConvLinearLayers.ToString(),
                    r.ParametersMillions.ToString("F1"), r.WeightsMiB.ToString("F0"), r.ConstructSeconds.ToString("F2"));
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    private static Command CreateStudy()
    {
        var seed = CommonOptions.Seed("Seed of data draws and weights.");
        var sizes = new Option<int[]>("--sizes") { Description = "Target training-set sizes (small first, large last).", DefaultValueFactory = _ => [50, 500, 3000], AllowMultipleArgumentsPerToken = true }.EachInRange(5, 1_000_000);
        var budget = new Option<int>("--image-budget") { Description = "Images each run sees (epochs = budget / size, at least 2).", DefaultValueFactory = _ => 6000 }.InRange(1, 100_000_000);
        var device = CommonOptions.Device();
        var dataDir = CommonOptions.DataDir();
        var cmd = new Command("study", "Pretrain the project CNN on Fashion-MNIST 0-4, transfer to Fashion-MNIST 5-9 (similar) and MNIST 0-4 (dissimilar) with four recipes; print accuracy and time.")
            { seed, sizes, budget, device, dataDir };
        cmd.SetAction(parse =>
        {
            var s = parse.GetValue(seed);
            var sz = parse.GetValue(sizes)!.Order().ToArray();
            if (sz.Length < 2 || sz[0] < 5) throw new ArgumentException("Give at least two sizes of 5 images or more, e.g. --sizes 200 3000.");
            var dev = Devices.Parse(parse.GetValue(device));
            var data = TransferData.Load(targetPoolPerClass: (sz[^1] + 4) / 5, seed: s, dataDir: parse.GetValue(dataDir), device: dev);
            AnsiConsole.MarkupLineInterpolated($"[grey]{data.Description}[/]");
            Func<TransferModel> arch = () => TransferCnn.Create(1, 5, widths: [8, 16, 32], device: dev);
            FineTuneOptions OptionsFor(int n) => new() { Epochs = TransferExperiments.EpochsFor(n, parse.GetValue(budget)), BatchSize = 32, HeadLearningRate = 1e-2, Seed = s, Device = dev, EvaluateEveryEpoch = false };
            var runs = new List<TransferRun>();
            TransferModel? source = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn()).Start(ctx =>
            {
                var pre = ctx.AddTask("pretraining the source CNN", maxValue: 1);
                Seeding.Seed(s);
                source = arch();
                FineTuner.Train(source, FreezeStrategy.Everything, data.SourceTrain, data.SourceTest, new FineTuneOptions { Epochs = 4, BatchSize = 32, Seed = s, Device = dev });
                pre.Value = 1;
                var sim = ctx.AddTask("similar target", maxValue: 1);
                runs.AddRange(TransferExperiments.Sweep("similar", source, arch, data.SimilarTrain, data.SimilarTest, sz, TransferRecipe.All, OptionsFor, s));
                sim.Value = 1;
                var dis = ctx.AddTask("dissimilar target", maxValue: 1);
                runs.AddRange(TransferExperiments.Sweep("dissimilar", source, arch, data.DissimilarTrain, data.DissimilarTest, [sz[0], sz[^1]], TransferRecipe.All, OptionsFor, s));
                dis.Value = 1;
            });
            var table = new Table().AddColumns("target", "train images", "recipe", "test acc", "train acc", "seconds", "trainable params");
            foreach (var r in runs)
                table.AddRow(r.Target, r.TrainImages.ToString(), r.Strategy, r.TestAccuracy.ToString("F3"), r.TrainAccuracy.ToString("F3"), r.Seconds.ToString("F1"), r.TrainableParameters.ToString());
            AnsiConsole.Write(table);
            var quad = new Table().AddColumns("size", "similarity", "course rule", "feat. extr.", "top block", "all", "scratch", "best");
            foreach (var q in TransferExperiments.QuadrantTable(runs, "similar", "dissimilar", sz[0], sz[^1]))
                quad.AddRow(q.Size, q.Similarity, q.CourseRecommendation, q.FeatureExtraction.ToString("F3"), q.FineTuneTop.ToString("F3"),
                    q.FineTuneAll.ToString("F3"), q.FromScratch.ToString("F3"), q.BestMeasured);
            AnsiConsole.Write(quad);
            source?.Dispose();
            return 0;
        });
        return cmd;
    }
}
