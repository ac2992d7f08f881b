using System.Diagnostics;

namespace FewShotLearn.Training;

/// <summary>
/// Supervised classification training: Adam on mini-batches, a model that outputs log-probabilities (log_softmax)
/// and the negative log-likelihood loss; per-epoch evaluation on a test set; callbacks for progress, charts,
/// early stopping and checkpoints.
/// </summary>
public sealed class Trainer
{
    readonly List<ITrainingCallback> callbacks = new();

    /// <summary>A trainer with the given options.</summary>
    public Trainer(TrainerOptions? options = null)
    {
        Options = options ?? new TrainerOptions();
        Options.Validate();
    }

    /// <summary>The options of every run of this trainer.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Adds a callback; returns this trainer for chaining.</summary>
    public Trainer With(ITrainingCallback callback) { callbacks.Add(callback); return this; }

    /// <summary>Reports every step as a <see cref="TrainingProgress"/> (the progress convention of all training loops); returns this trainer.</summary>
    public Trainer With(IProgress<TrainingProgress> progress) => With(new ProgressCallback(progress));

    sealed class ProgressCallback(IProgress<TrainingProgress> progress) : ITrainingCallback
    {
        public void OnStep(TrainingContext context, StepMetrics step) =>
            progress.Report(new TrainingProgress("training", step.Step, context.TotalSteps, step.Loss) { Epoch = step.Epoch, Accuracy = step.Accuracy });
    }

    /// <summary>Trains <paramref name="model"/> on <paramref name="train"/>, evaluating on <paramref name="test"/> after every epoch.</summary>
    public History Fit(nn.Module<Tensor, Tensor> model, LabeledImages train, LabeledImages? test = null)
    {
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (test is not null && (test.Channels != train.Channels || test.Height != train.Height || test.Width != train.Width))
            throw new ArgumentException($"Test images are {test.Channels}x{test.Height}x{test.Width} but training images are {train.Channels}x{train.Height}x{train.Width}.");
        var device = Options.Device ?? model.parameters().FirstOrDefault()?.device ?? Devices.Default;
        model.to(device);
        var random = Seeding.Seed(Options.Seed);
        int batch = Math.Min(Options.BatchSize, train.Count);
        int steps = (train.Count + batch - 1) / batch;
        if (Options.MaxStepsPerEpoch is int cap) steps = Math.Min(steps, cap);

        var history = new History();
        var context = new TrainingContext(model, Options, steps, history);
        using var optimizer = optim.Adam(model.parameters(), Options.LearningRate);
        using var images = train.Images.to(device);
        using var labels = tensor(train.Labels, dtype: int64, device: device);
        foreach (var c in callbacks) c.OnTrainBegin(context);
        int globalStep = 0;
        var guard = new LossGuard("training", Options.LearningRate);
        for (int epoch = 1; epoch <= Options.Epochs && context.StopReason is null; epoch++)
        {
            context.Epoch = epoch;
            model.train();
            var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).Select(i => (long)i).ToArray();
            double lossSum = 0, correct = 0; int seen = 0;
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                int start = s * batch, count = Math.Min(batch, train.Count - start);
                using var idx = tensor(order.AsSpan(start, count).ToArray(), dtype: int64, device: device);
                var x = images.index_select(0, idx);
                if (Options.Augment is { } augment) x = augment(x);
                var y = labels.index_select(0, idx);
                if (Options.Schedule != LearningRateSchedule.Constant)
                    foreach (var group in optimizer.ParamGroups)
                        group.LearningRate = LearningRates.At(Options.Schedule, Options.LearningRate, globalStep, context.TotalSteps);
                optimizer.zero_grad();
                var output = model.call(x);
                var loss = nn.functional.nll_loss(output, y);
                double l = guard.Check(loss.item<float>(), globalStep + 1);   // before the step: weights stay finite
                loss.backward();
                optimizer.step();
                double hits = output.argmax(1).eq(y).sum().item<long>();
                lossSum += l * count; correct += hits; seen += count;
                globalStep++;
                var stepMetrics = new StepMetrics(globalStep, epoch, l, hits / count, count);
                history.Add(stepMetrics);
                foreach (var c in callbacks) c.OnStep(context, stepMetrics);
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            EvaluationMetrics? eval = null;
            if (test is not null)
            {
                eval = Evaluate(model, test, Options.EvaluationBatchSize, device) with { Epoch = epoch };
                history.Add(eval);
                foreach (var c in callbacks) c.OnEvaluate(context, eval);
            }
            var epochMetrics = new EpochMetrics(epoch, lossSum / seen, correct / seen, eval?.Loss, eval?.Accuracy, trainSeconds, seen / Math.Max(trainSeconds, 1e-9));
            history.Add(epochMetrics);
            foreach (var c in callbacks) c.OnEpochEnd(context, epochMetrics);
        }
        foreach (var c in callbacks) c.OnTrainEnd(context);
        model.eval();
        return history;
    }

    /// <summary>Mean NLL loss, accuracy and predictions of a log-probability model on a labelled set (eval mode, no gradients).</summary>
    public static EvaluationMetrics Evaluate(nn.Module<Tensor, Tensor> model, LabeledImages data, int batchSize = 500, Device? device = null)
    {
        if (data.Count == 0) throw new ArgumentException("The evaluation set is empty.", nameof(data));
        device ??= model.parameters().FirstOrDefault()?.device ?? Devices.Default;
        bool wasTraining = model.training;
        model.eval();
        var predictions = new long[data.Count];
        double lossSum = 0; long correct = 0;
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, data.Count - start);
                var x = data.Images.narrow(0, start, count).to(device);
                var y = tensor(data.Labels.AsSpan(start, count).ToArray(), dtype: int64, device: device);
                var output = model.call(x);
                lossSum += nn.functional.nll_loss(output, y, reduction: nn.Reduction.Sum).item<float>();
                var pred = output.argmax(1);
                correct += pred.eq(y).sum().item<long>();
                pred.to(CPU).data<long>().CopyTo(predictions, start);
            }
        }
        finally { model.train(wasTraining); }
        return new EvaluationMetrics(0, lossSum / data.Count, (double)correct / data.Count, predictions, data.Labels, data.ClassCount);
    }
}
