namespace FewShotLearn.Tests.Transfer;

public class FineTunerTests
{
    [Fact]
    public void FinalTrainAccuracyIsMeasuredInEvalModeAfterTraining()
    {
        using var train = GlyphDataset.Generate(4, 24, seed: 1, device: CPU);
        using var test = GlyphDataset.Generate(4, 24, seed: 2, device: CPU);
        Seeding.Seed(5);
        // Heavy dropout before the head: batches in training mode are often wrong, the trained model in eval mode is not.
        using var model = TransferCnn.Create(1, 4, widths: [8, 16], dropout: 0.8, device: CPU);
        var r = FineTuner.Train(model, FreezeStrategy.Everything, train, test,
            new FineTuneOptions { Epochs = 25, BatchSize = 16, LearningRate = 1e-2, Seed = 5, Device = CPU });

        Assert.False(model.training);
        Assert.Equal(FineTuner.Accuracy(model, train), r.FinalTrainAccuracy, 9);
        Assert.True(r.FinalTrainAccuracy > r.Epochs[^1].TrainAccuracy + 0.05,
            $"eval-mode train accuracy {r.FinalTrainAccuracy:0.000} should exceed the dropout-on running accuracy {r.Epochs[^1].TrainAccuracy:0.000}");
        Assert.True(r.FinalTrainAccuracy >= r.FinalTestAccuracy - 0.1, "a model is not worse on its own training images than on the test images");
    }
}

public class RuleVerdictTests
{
    static TransferRun Run(string strategy, double test, double train, long trainable = 1000) =>
        new("similar", 50, strategy, test, train, 1, trainable, [], TestImages: 1000);

    [Fact]
    public void VerdictIsReadOffTheNumbers()
    {
        var fe = Run(TransferRecipe.FeatureExtraction.Name, 0.915, 0.93, 165);
        Assert.StartsWith("confirmed: ", TransferExperiments.Verdict(fe, fe));
        // 0.005 on 1,000 test images is within 2 standard errors (about 0.025).
        Assert.StartsWith("confirmed within noise", TransferExperiments.Verdict(fe, Run(TransferRecipe.FineTuneTop.Name, 0.92, 0.95)));
        // Under-fitting: the frozen features cannot even fit the training images.
        var top = Run(TransferRecipe.FineTuneTop.Name, 0.993, 1.0, 9_445);
        var under = TransferExperiments.Verdict(fe, top);
        Assert.StartsWith("contradicted: fine-tune top block + head beats the recommended feature extraction (head only) by 0.078", under);
        Assert.Contains("under-fits: train accuracy 0.930 vs 1.000", under);
        // Over-fitting: fits its training images but tests worse than its own train accuracy by far more.
        Assert.Contains("over-fits", TransferExperiments.Verdict(Run("a", 0.80, 1.0), Run("b", 0.95, 1.0)));
    }
}
