namespace FewShotLearn.Meta;

/// <summary>One MAML variant's measured run: its loss curve, mean time per meta-iteration and peak memory.</summary>
public sealed record MamlRun(bool FirstOrder, IReadOnlyList<MetaStep> Steps, double MeanSecondsPerIteration, long PeakWorkingSetBytes, long PeakManagedBytes, long? PeakGpuMiB)
{
    /// <summary>Median time per meta-iteration after the first (robust to load spikes on a shared machine).</summary>
    public double MedianSecondsPerIteration
    {
        get
        {
            var t = Steps.Skip(Steps.Count > 1 ? 1 : 0).Select(s => s.Seconds).Order().ToArray();
            return t.Length == 0 ? double.NaN : t.Length % 2 == 1 ? t[t.Length / 2] : (t[t.Length / 2 - 1] + t[t.Length / 2]) / 2;
        }
    }

    /// <summary>"first-order" or "second-order".</summary>
    public string Name => FirstOrder ? "first-order" : "second-order";
}

/// <summary>
/// Second- vs first-order MAML on the same episodes from the same initial weights: loss curves, time per
/// meta-iteration (the first is excluded as warm-up) and peak memory (working set, managed heap, GPU).
/// </summary>
public static class OrderComparison
{
    /// <summary>
    /// Runs <paramref name="options"/>' meta-iterations twice from copies of <paramref name="start"/> on episodes of <paramref name="d2"/>
    /// (same seed), once second-order and once first-order. Each meta-iteration goes to <paramref name="progress"/> (phase "second-order MAML" / "first-order MAML").
    /// </summary>
    public static IReadOnlyList<MamlRun> Run(EmbeddingNet start, LabeledImages d2, MamlOptions options, int seed = Seeding.DefaultSeed, IProgress<Training.TrainingProgress>? progress = null)
    {
        var runs = new List<MamlRun>();
        foreach (var firstOrder in new[] { false, true })
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Seeding.Seed(seed);
            var net = ModelCopy.Copy(start);
            var stage = new MetaTraining(net, net.ForwardWith, options with { FirstOrder = firstOrder });
            var sampler = new EpisodeSampler(d2, seed: seed, device: net.Device);
            var probe = new MemoryProbe();
            var gpu = net.Device.type == DeviceType.CUDA;
            probe.Sample(gpu);
            var steps = stage.Train(sampler, Training.TrainingProgress.Handler(s =>
            {
                probe.Sample(gpu && (s.Step == 1 || s.Step % 10 == 0 || s.Step == s.TotalSteps));
                progress?.Report(s with { Phase = firstOrder ? "first-order MAML" : "second-order MAML" });
            }));
            var timed = steps.Skip(steps.Count > 1 ? 1 : 0).Select(s => s.Seconds).DefaultIfEmpty(double.NaN).Average();
            runs.Add(new MamlRun(firstOrder, steps, timed, probe.PeakWorkingSet, probe.PeakManaged, probe.PeakGpuMiB));
            net.Dispose();
        }
        return runs;
    }
}
