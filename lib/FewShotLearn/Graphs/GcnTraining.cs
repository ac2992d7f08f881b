namespace FewShotLearn.Graphs;

/// <summary>Result of a GCN training run: loss per epoch and the accuracy measures it was asked for.</summary>
public sealed record GcnTrainingResult(IReadOnlyList<double> Losses, IReadOnlyList<double> TrainAccuracy, IReadOnlyList<double> TestAccuracy)
{
    /// <summary>Accuracy on the held-out part after the last epoch.</summary>
    public double FinalTestAccuracy => TestAccuracy[^1];
}

/// <summary>Training loops for the two GCN tasks: semi-supervised node classification and graph classification.</summary>
public static class GcnTraining
{
    /// <summary>
    /// Trains on the labels of <paramref name="labelledNodes"/> only (full-batch Adam, cross-entropy) and reports
    /// accuracy on every other node per epoch.
    /// </summary>
    public static GcnTrainingResult TrainNodes(GcnNodeClassifier model, Tensor propagation, Tensor features, long[] labels,
        IReadOnlyList<int> labelledNodes, int epochs = 200, double learningRate = 0.01, double weightDecay = 5e-4, IProgress<Training.TrainingProgress>? progress = null)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Train for at least 1 epoch; got {epochs}.");
        if (labels.Length != features.shape[0]) throw new ArgumentException($"{labels.Length} labels for {features.shape[0]} nodes.", nameof(labels));
        if (labelledNodes.Count == 0) throw new ArgumentException("Label at least one node.", nameof(labelledNodes));
        var device = features.device;
        var unlabelled = Enumerable.Range(0, labels.Length).Except(labelledNodes).ToArray();
        using var y = tensor(labels, device: device);
        using var trainIdx = tensor(labelledNodes.Select(i => (long)i).ToArray(), device: device);
        using var testIdx = tensor(unlabelled.Select(i => (long)i).ToArray(), device: device);
        using var opt = optim.Adam(model.parameters(), lr: learningRate, weight_decay: weightDecay);
        var losses = new List<double>(); var trainAcc = new List<double>(); var testAcc = new List<double>();
        var guard = new Training.LossGuard("GCN node classification", learningRate);
        for (var e = 0; e < epochs; e++)
        {
            using var scope = NewDisposeScope();
            model.train();
            var logits = model.call(propagation, features);
            var loss = nn.functional.cross_entropy(logits.index_select(0, trainIdx), y.index_select(0, trainIdx));
            var value = guard.Check(loss.item<float>(), e + 1);   // before the step: weights stay finite
            opt.zero_grad();
            loss.backward();
            opt.step();
            losses.Add(value);
            var pred = logits.argmax(1);
            trainAcc.Add(pred.index_select(0, trainIdx).eq(y.index_select(0, trainIdx)).to(float32).mean().item<float>());
            progress?.Report(new Training.TrainingProgress("GCN node classification", e + 1, epochs, value) { Epoch = e + 1, Accuracy = trainAcc[^1] });
            testAcc.Add(unlabelled.Length == 0 ? double.NaN : pred.index_select(0, testIdx).eq(y.index_select(0, testIdx)).to(float32).mean().item<float>());
        }
        return new GcnTrainingResult(losses, trainAcc, testAcc);
    }

    /// <summary>Trains on <paramref name="train"/> in shuffled mini-batches and reports train and test accuracy per epoch.</summary>
    public static GcnTrainingResult TrainGraphs(GcnGraphClassifier model, IReadOnlyList<(Graph Graph, int Label)> train,
        IReadOnlyList<(Graph Graph, int Label)> test, int epochs = 30, int batchSize = 32, double learningRate = 0.01, int seed = Seeding.DefaultSeed, Device? device = null,
        IProgress<Training.TrainingProgress>? progress = null)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Train for at least 1 epoch; got {epochs}.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Batch size must be at least 1; got {batchSize}.");
        if (train.Count == 0 || test.Count == 0) throw new ArgumentException($"Graph classification needs training and test graphs; got {train.Count} and {test.Count}.");
        var dev = device ?? Devices.Default;
        model.to(dev);
        var rng = new Random(seed);
        using var opt = optim.Adam(model.parameters(), lr: learningRate);
        using var trainAll = new GraphBatch(train.Select(t => t.Graph).ToList(), dev);
        using var testAll = new GraphBatch(test.Select(t => t.Graph).ToList(), dev);
        var trainLabels = train.Select(t => (long)t.Label).ToArray();
        var testLabels = test.Select(t => (long)t.Label).ToArray();
        var losses = new List<double>(); var trainAcc = new List<double>(); var testAcc = new List<double>();
        var guard = new Training.LossGuard("GCN graph classification", learningRate);
        var stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        var step = 0;
        for (var e = 0; e < epochs; e++)
        {
            model.train();
            var order = train.OrderBy(_ => rng.Next()).ToList();
            double lossSum = 0;
            for (var s = 0; s < order.Count; s += batchSize)
            {
                using var scope = NewDisposeScope();
                var part = order.Skip(s).Take(batchSize).ToList();
                using var batch = new GraphBatch(part.Select(p => p.Graph).ToList(), dev);
                var y = tensor(part.Select(p => (long)p.Label).ToArray(), device: dev);
                var loss = nn.functional.cross_entropy(model.call(batch), y);
                var value = guard.Check(loss.item<float>(), ++step);   // before the step: weights stay finite
                opt.zero_grad();
                loss.backward();
                opt.step();
                lossSum += value * part.Count;
                progress?.Report(new Training.TrainingProgress("GCN graph classification", step, stepsPerEpoch * epochs, value) { Epoch = e + 1 });
            }
            losses.Add(lossSum / order.Count);
            trainAcc.Add(Accuracy(model, trainAll, trainLabels));
            testAcc.Add(Accuracy(model, testAll, testLabels));
        }
        return new GcnTrainingResult(losses, trainAcc, testAcc);
    }

    /// <summary>Share of graphs whose family <paramref name="model"/> predicts correctly.</summary>
    public static double Accuracy(GcnGraphClassifier model, IReadOnlyList<(Graph Graph, int Label)> data, Device? device = null)
    {
        var dev = device ?? Devices.Default;
        model.eval();
        using var _ = no_grad();
        using var batch = new GraphBatch(data.Select(d => d.Graph).ToList(), dev);
        using var pred = model.call(batch).argmax(1);
        var p = pred.cpu().data<long>().ToArray();
        return data.Select((d, i) => p[i] == d.Label ? 1.0 : 0.0).Average();
    }

    private static double Accuracy(GcnGraphClassifier model, GraphBatch batch, long[] labels)
    {
        model.eval();
        using var _ = no_grad();
        using var pred = model.call(batch).argmax(1);
        var p = pred.cpu().data<long>().ToArray();
        return labels.Select((l, i) => p[i] == l ? 1.0 : 0.0).Average();
    }

    /// <summary>Predicted class per graph.</summary>
    public static long[] Predict(GcnGraphClassifier model, IReadOnlyList<Graph> graphs, Device? device = null)
    {
        model.eval();
        using var _ = no_grad();
        using var batch = new GraphBatch(graphs, device ?? Devices.Default);
        using var pred = model.call(batch).argmax(1);
        return pred.cpu().data<long>().ToArray();
    }
}
