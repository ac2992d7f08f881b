namespace FewShotLearn.Tests.Training;

public class TrainerTests
{
    /// <summary>Two classes told apart by which half of the image is bright, plus noise.</summary>
    internal static LabeledImages Separable(int count, int seed)
    {
        var r = new Random(seed);
        var labels = Enumerable.Range(0, count).Select(_ => (long)r.Next(2)).ToArray();
        var data = new float[count * 16 * 16];
        for (int i = 0; i < count; i++)
        for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
            data[i * 256 + y * 16 + x] = (float)Math.Clamp(((x < 8) == (labels[i] == 0) ? 0.7 : 0.2) + 0.2 * (r.NextDouble() - 0.5), 0, 1);
        return new LabeledImages("separable", tensor(data, new long[] { count, 1, 16, 16 }), labels, new[] { "left", "right" });
    }

    sealed class Recorder : ITrainingCallback
    {
        public int Begins, Steps, Evaluations, Epochs, Ends;
        public void OnTrainBegin(TrainingContext c) => Begins++;
        public void OnStep(TrainingContext c, StepMetrics s) => Steps++;
        public void OnEvaluate(TrainingContext c, EvaluationMetrics e) => Evaluations++;
        public void OnEpochEnd(TrainingContext c, EpochMetrics e) => Epochs++;
        public void OnTrainEnd(TrainingContext c) => Ends++;
    }

    static SmallCnn Model(int seed) { Seeding.Seed(seed); return new SmallCnn(classes: 2, imageSize: 16, channels: new[] { 4 }, hidden: 8, dropout: 0); }

    [Fact]
    public void LossDecreasesAndTestAccuracyIsHighOnSeparableData()
    {
        using var train = Separable(256, 1);
        using var test = Separable(128, 2);
        using var model = Model(3);
        var rec = new Recorder();
        var history = new Trainer(new TrainerOptions { Epochs = 3, BatchSize = 32, LearningRate = 5e-3, Seed = 4, Device = CPU }).With(rec).Fit(model, train, test);
        Assert.Equal(24, history.Steps.Count);
        Assert.Equal((1, 24, 3, 3, 1), (rec.Begins, rec.Steps, rec.Evaluations, rec.Epochs, rec.Ends));
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss * 0.5, $"loss {history.Epochs[0].TrainLoss} -> {history.Epochs[^1].TrainLoss}");
        Assert.True(history.Epochs[^1].TestAccuracy >= 0.95, $"test accuracy {history.Epochs[^1].TestAccuracy}");
        Assert.Equal(128, history.LastEvaluation!.Predictions.Length);
        Assert.NotNull(history.Chart());
    }

    [Fact]
    public void SameSeedGivesSameLosses()
    {
        using var train = Separable(64, 5);
        double[] Run() { using var m = Model(7); return new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 9, Device = CPU }).Fit(m, train).Steps.Select(s => s.Loss).ToArray(); }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void EarlyStoppingAtTargetEndsTraining()
    {
        using var train = Separable(128, 1);
        using var test = Separable(64, 2);
        using var model = Model(3);
        var stop = new EarlyStopping(patience: 5, targetAccuracy: 0.5);
        var rec = new Recorder();
        var history = new Trainer(new TrainerOptions { Epochs = 10, BatchSize = 32, LearningRate = 5e-3, Device = CPU }).With(stop).With(rec).Fit(model, train, test);
        Assert.True(history.Epochs.Count < 10);
        Assert.Equal(1, rec.Ends);
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Contains("Learning rate", Assert.Throws<ArgumentException>(() => new Trainer(new TrainerOptions { LearningRate = 0 })).Message);
        Assert.Throws<ArgumentException>(() => new Trainer(new TrainerOptions { Epochs = 0 }));
        Assert.Throws<ArgumentException>(() => new Trainer(new TrainerOptions { BatchSize = -1 }));
    }
}
