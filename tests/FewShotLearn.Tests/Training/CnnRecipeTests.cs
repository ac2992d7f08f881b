namespace FewShotLearn.Tests.Training;

public class CnnRecipeTests
{
    [Fact]
    public void OneCycleWarmsUpThenAnnealsToAlmostZero()
    {
        const double peak = 0.01; const int total = 100;
        Assert.Equal(peak, LearningRates.At(LearningRateSchedule.Constant, peak, 57, total));
        Assert.Equal(peak / 25, LearningRates.At(LearningRateSchedule.OneCycle, peak, 0, total), 12);
        Assert.Equal(peak, LearningRates.At(LearningRateSchedule.OneCycle, peak, 20, total), 12);
        Assert.Equal(peak / 2500, LearningRates.At(LearningRateSchedule.OneCycle, peak, total - 1, total), 12);
        var rates = Enumerable.Range(0, total).Select(s => LearningRates.At(LearningRateSchedule.OneCycle, peak, s, total)).ToArray();
        Assert.True(rates.Take(21).Zip(rates.Skip(1).Take(20)).All(p => p.First < p.Second), "rises during the warm-up");
        Assert.True(rates.Skip(20).Zip(rates.Skip(21)).All(p => p.First >= p.Second), "falls afterwards");
    }

    sealed class Counter : ITrainingCallback { public int Steps; public void OnStep(TrainingContext c, StepMetrics s) => Steps++; }

    [Fact]
    public void AugmentationTouchesOnlyTrainingBatches()
    {
        using var train = TrainerTests.Separable(64, 1);
        using var test = TrainerTests.Separable(32, 2);
        FewShotLearn.Runtime.Seeding.Seed(1);
        using var model = new SmallCnn(classes: 2, imageSize: 16, channels: new[] { 4 }, hidden: 8, dropout: 0, batchNorm: true);
        int augmented = 0;
        var counter = new Counter();
        var options = new TrainerOptions { Epochs = 2, BatchSize = 16, Schedule = LearningRateSchedule.OneCycle, Augment = x => { augmented++; return x.flip(3); } };
        var history = new Trainer(options).With(counter).Fit(model, train, test);
        Assert.Equal(counter.Steps, augmented);                     // once per training step, never for the 2 evaluations
        Assert.Equal(8, augmented);
        Assert.Contains(model.features.named_children(), c => c.name == "bn1");
        Assert.Equal(2, history.Evaluations.Count);
    }

    [Fact]
    public void NotebookScaleIsReadFromTheEnvironmentAndBadValuesAreExplained()
    {
        Assert.Equal(NotebookScale.Full, NotebookScales.Parse(null));
        Assert.Equal(NotebookScale.Full, NotebookScales.Parse(" Full "));
        Assert.Equal(NotebookScale.Test, NotebookScales.Parse("test"));
        var e = Assert.Throws<ArgumentException>(() => NotebookScales.Parse("quick"));
        Assert.Contains("FEWSHOT_NOTEBOOK_SCALE=test", e.Message);
        Assert.Contains("NOT the course's results", NotebookScales.Describe(NotebookScale.Test));
        // The course's defaults are the textbook scale: whole training sets, more epochs than the test scale.
        Assert.Null(CnnRecipe.Mnist(NotebookScale.Full).TrainLimit);
        Assert.Null(CnnRecipe.FashionMnist(NotebookScale.Full).TrainLimit);
        Assert.True(CnnRecipe.Mnist(NotebookScale.Full).Epochs > CnnRecipe.Mnist(NotebookScale.Test).Epochs);
        Assert.Equal(3, CnnRecipe.Mnist(NotebookScale.Full).Channels.Length);
    }

    [Fact]
    public void LoadOrTrainTrainsOnceThenLoadsTheSameNetwork()
    {
        // The test-scale MNIST recipe (the one the notebook tests run), on the embedded glyphs.
        var recipe = CnnRecipe.Mnist(NotebookScale.Test) with { DataSet = "glyphs", TrainLimit = 200, TestLimit = 100, Seed = 7 };
        if (File.Exists(recipe.CheckpointPath())) File.Delete(recipe.CheckpointPath());
        using var data = recipe.LoadData();
        Assert.Equal("glyphs", data.Source);
        var first = recipe.LoadOrTrain(data);
        Assert.StartsWith("trained here", first.Origin);
        Assert.Contains("glyphs test accuracy", first.Summary());
        var second = recipe.LoadOrTrain(data);
        Assert.StartsWith("loaded from", second.Origin);
        Assert.Equal(first.Final.Accuracy, second.Final.Accuracy, 6);
        Assert.Equal(first.Final.Predictions, second.Final.Predictions);
        // Another recipe does not take this checkpoint.
        var other = recipe with { Hidden = 32 };
        Assert.StartsWith("trained here", other.LoadOrTrain(data).Origin);
        File.Delete(recipe.CheckpointPath());
    }
}
