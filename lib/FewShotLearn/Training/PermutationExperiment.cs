namespace FewShotLearn.Training;

/// <summary>Test accuracies of an MLP and a CNN trained on original and on pixel-shuffled images (same shuffle everywhere).</summary>
public sealed record PermutationResult(double MlpOriginal, double MlpShuffled, double MaxMlpOutputDifference, double CnnOriginal, double CnnShuffled)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"MLP: original {MlpOriginal:P2}, shuffled {MlpShuffled:P2} (largest output difference {MaxMlpOutputDifference:E1})\n" +
        $"CNN: original {CnnOriginal:P2}, shuffled {CnnShuffled:P2}";
}

/// <summary>
/// The course's "flattening loses spatial structure" experiment. The shuffled MLP starts from the original MLP's initial
/// weights with its input columns shuffled the same way, so both see exactly the same numbers and end equal; the CNN
/// starts from identical weights on both data sets but loses the neighbourhoods its 3x3 filters rely on.
/// </summary>
public static class PermutationExperiment
{
    /// <summary>Runs the four trainings and returns the test accuracies.</summary>
    public static PermutationResult Run(LabeledImages train, LabeledImages test, PixelPermutation permutation, int epochs = 1, int seed = 42,
        int[]? cnnChannels = null, Device? device = null)
    {
        device ??= Devices.Default;
        using var trainShuffled = permutation.Apply(train);
        using var testShuffled = permutation.Apply(test);
        var options = new TrainerOptions { Epochs = epochs, BatchSize = 32, LearningRate = 2e-3, Seed = seed, Device = device };
        int inputs = train.Channels * train.Height * train.Width;
        if (train.Channels != 1) throw new ArgumentException("The permutation experiment uses grayscale images (1 channel).");

        Seeding.Seed(seed);
        using var mlp = new Mlp(inputs, train.ClassCount);
        Seeding.Seed(seed);
        using var mlpShuffled = new Mlp(inputs, train.ClassCount);
        using (no_grad())
        {
            using var permuted = permutation.PermuteWeightColumns(mlpShuffled.FirstLayerWeight);
            mlpShuffled.FirstLayerWeight.copy_(permuted);
        }
        new Trainer(options).Fit(mlp, train);
        new Trainer(options).Fit(mlpShuffled, trainShuffled);
        double maxDiff;
        using (no_grad())
        using (NewDisposeScope())
        {
            mlp.eval(); mlpShuffled.eval();
            maxDiff = (mlp.call(test.Images.to(device)) - mlpShuffled.call(testShuffled.Images.to(device))).abs().max().item<float>();
        }

        Seeding.Seed(seed);
        using var cnn = new SmallCnn(train.ClassCount, 1, train.Height, cnnChannels ?? new[] { 8, 16 });
        Seeding.Seed(seed);
        using var cnnShuffled = new SmallCnn(train.ClassCount, 1, train.Height, cnnChannels ?? new[] { 8, 16 });
        new Trainer(options).Fit(cnn, train);
        new Trainer(options).Fit(cnnShuffled, trainShuffled);
        return new PermutationResult(
            Trainer.Evaluate(mlp, test, device: device).Accuracy, Trainer.Evaluate(mlpShuffled, testShuffled, device: device).Accuracy, maxDiff,
            Trainer.Evaluate(cnn, test, device: device).Accuracy, Trainer.Evaluate(cnnShuffled, testShuffled, device: device).Accuracy);
    }
}
