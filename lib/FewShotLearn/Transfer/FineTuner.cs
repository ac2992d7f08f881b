using System.Diagnostics;

namespace FewShotLearn.Transfer;

/// <summary>Settings of one transfer (or from-scratch) training run.</summary>
public sealed record FineTuneOptions
{
    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 5;
    /// <summary>Images per optimizer step.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>
    /// Learning rate of the new head (null = <see cref="LearningRate"/>). A larger rate for the freshly initialised
    /// head than for the pretrained layers is common practice in fine-tuning.
    /// </summary>
    public double? HeadLearningRate { get; init; }
    /// <summary>Adam weight decay (L2).</summary>
    public double WeightDecay { get; init; } = 0.0;
    /// <summary>Random shift/rotation of every training batch (<see cref="ImageAugment"/>).</summary>
    public bool Augment { get; init; }
    /// <summary>Seed for shuffling and augmentation.</summary>
    public int Seed { get; init; } = Seeding.DefaultSeed;
    /// <summary>Test after every epoch (for learning curves); when false only after the last one (others are NaN).</summary>
    public bool EvaluateEveryEpoch { get; init; } = true;
    /// <summary>Where to train (default <see cref="Devices.Default"/>).</summary>
    public Device? Device { get; init; }
}

/// <summary>One epoch of a run: training loss and running accuracy (training mode, during the epoch), test accuracy, cumulative training seconds.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, [property: Column("Running train accuracy")] double TrainAccuracy, double TestAccuracy, [property: Column("Time", Unit = "s, cumulative", Format = "0.0")] double Seconds);

/// <summary>The outcome of <see cref="FineTuner.Train"/>: what trained, and the per-epoch record.</summary>
/// <remarks>
/// <see cref="EpochRecord.TrainAccuracy"/> is the running accuracy of each epoch's batches in training mode (dropout
/// on, weights still changing); <see cref="FinalTrainAccuracy"/> is measured after training in eval mode, like the
/// test accuracy, so the two compare (the over-fitting gap).
/// </remarks>
public sealed record FineTuneResult(string Strategy, long TrainableParameters, long TotalParameters, IReadOnlyList<EpochRecord> Epochs, double FinalTrainAccuracy)
{
    /// <summary>Test accuracy after the last epoch.</summary>
    public double FinalTestAccuracy => Epochs[^1].TestAccuracy;
    /// <summary>Training wall time (evaluation excluded).</summary>
    public double Seconds => Epochs[^1].Seconds;
}

/// <summary>
/// A small training loop for transfer experiments: applies a <see cref="FreezeStrategy"/>, optimises only the
/// parameters it leaves trainable (Adam, cross-entropy), and records accuracy and wall time per epoch.
/// </summary>
public static class FineTuner
{
    /// <summary>Freezes <paramref name="model"/> by <paramref name="strategy"/> and trains it on <paramref name="train"/>.</summary>
    public static FineTuneResult Train(TransferModel model, FreezeStrategy strategy, LabeledImages train, LabeledImages test,
        FineTuneOptions? options = null, IProgress<Training.TrainingProgress>? progress = null)
    {
        var o = options ?? new FineTuneOptions();
        if (o.Epochs < 1 || o.BatchSize < 1) throw new ArgumentException("Epochs and BatchSize must be at least 1.", nameof(options));
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        var device = o.Device ?? Devices.Default;
        model.to(device);
        model.ApplyFreezing(strategy);
        var trainable = model.TrainableParameters().ToList();
        var head = model.Head.parameters().ToHashSet();
        var groups = new List<TorchSharp.Modules.Adam.ParamGroup>
        {
            new(trainable.Where(p => !head.Contains(p)), new TorchSharp.Modules.Adam.Options { LearningRate = o.LearningRate, weight_decay = o.WeightDecay }),
            new(trainable.Where(head.Contains), new TorchSharp.Modules.Adam.Options { LearningRate = o.HeadLearningRate ?? o.LearningRate, weight_decay = o.WeightDecay }),
        };
        using var optimizer = optim.Adam(groups.Where(g => g.Parameters.Any()), lr: o.LearningRate, weight_decay: o.WeightDecay);
        var rng = new Random(o.Seed);
        using var gen = new Generator((ulong)o.Seed, device);
        using var x = train.Images.to(device);
        using var y = tensor(train.Labels, dtype: int64, device: device);
        var records = new List<EpochRecord>();
        var clock = new Stopwatch();
        var guard = new Training.LossGuard($"fine-tuning ({strategy.Name})", o.LearningRate);
        var stepsPerEpoch = (train.Count + o.BatchSize - 1) / o.BatchSize;
        var step = 0;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            clock.Start();
            model.TrainForTransfer();
            var order = Enumerable.Range(0, train.Count).OrderBy(_ => rng.Next()).Select(i => (long)i).ToArray();
            double lossSum = 0; long correct = 0;
            for (var start = 0; start < order.Length; start += o.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order[start..Math.Min(order.Length, start + o.BatchSize)], device: device);
                var xb = x.index_select(0, idx);
                if (o.Augment) xb = ImageAugment.RandomAffine(xb, generator: gen);
                var yb = y.index_select(0, idx);
                var logits = model.call(xb);
                var loss = nn.functional.cross_entropy(logits, yb);
                var value = guard.Check(loss.item<float>(), ++step);   // before the step: weights stay finite
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += value * idx.shape[0];
                var hits = logits.argmax(1).eq(yb).sum().item<long>();
                correct += hits;
                progress?.Report(new Training.TrainingProgress("fine-tuning", step, stepsPerEpoch * o.Epochs, value)
                    { Epoch = epoch, Accuracy = (double)hits / idx.shape[0], Seconds = clock.Elapsed.TotalSeconds });
            }
            clock.Stop();
            var testAccuracy = o.EvaluateEveryEpoch || epoch == o.Epochs ? Accuracy(model, test) : double.NaN;
            var rec = new EpochRecord(epoch, lossSum / order.Length, (double)correct / order.Length, testAccuracy, clock.Elapsed.TotalSeconds);
            records.Add(rec);
        }
        var trainAccuracy = Accuracy(model, train);   // eval mode, after training: comparable with the test accuracy
        return new FineTuneResult(strategy.Name, trainable.Sum(p => p.numel()), model.ParameterCount(), records, trainAccuracy);
    }

    /// <summary>Share of <paramref name="data"/> that <paramref name="model"/> classifies correctly (NaN for an empty set),
    /// by <see cref="Training.Trainer.Evaluate"/>'s loop; leaves the model in eval mode, ready for inspection.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, LabeledImages data, int batchSize = 512)
    {
        var accuracy = data.Count == 0 ? double.NaN : Training.Trainer.Evaluate(model, data, batchSize).Accuracy;
        model.eval();
        return accuracy;
    }
}
