namespace FewShotLearn.MetricLearning;

/// <summary>Trains an <see cref="EmbeddingNet"/> with a metric loss on class-balanced P x K batches (Adam). Stage 1 of the patented method.</summary>
public static class MetricTrainer
{
    /// <summary>
    /// Runs <see cref="MetricTrainingOptions.Steps"/> Adam steps of <paramref name="loss"/> on batches of <paramref name="data"/>;
    /// returns the loss of every step, each reported to <paramref name="progress"/>. Stops at a non-finite loss
    /// (<see cref="Training.LossGuard"/>). Leaves the network in eval mode.
    /// </summary>
    public static IReadOnlyList<double> Train(EmbeddingNet net, LabeledImages data, IMetricLoss loss, MetricTrainingOptions options, IProgress<Training.TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        if (options.Steps < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Steps, "Steps must not be negative.");
        if (data.Channels != net.Config.InChannels)
            throw new ArgumentException($"The data has {data.Channels} channel(s) but the network expects {net.Config.InChannels}; build the EmbeddingNet with inChannels = {data.Channels}.");
        Seeding.Seed(options.Seed);
        var device = options.Device ?? net.Device;
        net.to(device);
        var sampler = new ClassBalancedBatchSampler(data.Labels, options.ClassesPerBatch, options.SamplesPerClass, options.Seed);
        using var optimizer = optim.Adam(net.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var history = new List<double>(options.Steps);
        net.train();
        var guard = new Training.LossGuard("metric training", options.LearningRate);
        for (var step = 1; step <= options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var idx = sampler.Next();
            var index = tensor(idx.Select(i => (long)i).ToArray(), dtype: int64, device: data.Images.device);
            var x = data.Images.index_select(0, index).to(device);
            var y = tensor(idx.Select(i => data.Labels[i]).ToArray(), dtype: int64, device: device);
            optimizer.zero_grad();
            var l = loss.Compute(net.forward(x), y);
            var value = guard.Check(l.item<float>(), step);   // before the step: weights stay finite
            l.backward();
            optimizer.step();
            history.Add(value);
            progress?.Report(new Training.TrainingProgress("metric training", step, options.Steps, value));
        }
        net.eval();
        return history;
    }
}
