namespace FewShotLearn.Meta;

/// <summary>
/// One MAML variant's measured run: its loss curve, mean time per meta-iteration, the memory one meta-iteration adds
/// (<see cref="PeakAddedBytes"/>) and, on a GPU, this process's GPU memory.
/// </summary>
public sealed record MamlRun(bool FirstOrder, IReadOnlyList<MetaStep> Steps, double MeanSecondsPerIteration, long? PeakAddedBytes, long PeakManagedBytes, long? PeakGpuMiB)
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
/// meta-iteration (the first is excluded as warm-up) and memory: on the CPU the peak resident set one meta-iteration
/// adds (<see cref="PeakResidentMemory"/>, each order measured on its own), on a GPU this process's GPU memory.
/// </summary>
public static class OrderComparison
{
    /// <summary>
    /// Runs <paramref name="options"/>' meta-iterations twice from copies of <paramref name="start"/> on episodes of <paramref name="d2"/>
    /// (same seed), once second-order and once first-order. Each meta-iteration goes to <paramref name="progress"/> (phase "second-order MAML" / "first-order MAML").
    /// Before those timed runs, and apart from them, each order's memory is measured on the CPU: one meta-iteration after a
    /// warm-up one, with glibc mapping every block of 64 KiB or more on its own so freed tensors leave the resident set
    /// (<see cref="PeakResidentMemory.MapLargeBlocks"/>; several times slower, so it is not timed). Measured after the timed
    /// runs instead, a heap they had grown would serve the blocks from free pages that stay resident, and the second
    /// order measured would inherit the first's heap.
    /// </summary>
    public static IReadOnlyList<MamlRun> Run(EmbeddingNet start, LabeledImages d2, MamlOptions options, int seed = Seeding.DefaultSeed, IProgress<Training.TrainingProgress>? progress = null)
    {
        var orders = new[] { false, true };
        var gpu = start.Device.type == DeviceType.CUDA;
        var added = new Dictionary<bool, long?>();
        var mapped = !gpu && PeakResidentMemory.MapLargeBlocks();
        try
        {
            foreach (var firstOrder in orders)
                added[firstOrder] = mapped ? MeasureMemory(start, d2, options with { FirstOrder = firstOrder, MetaIterations = 2 }, seed) : null;
        }
        finally
        {
            if (mapped) PeakResidentMemory.UnmapLargeBlocks();
        }
        var runs = new List<MamlRun>();
        foreach (var firstOrder in orders)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Seeding.Seed(seed);
            using var net = ModelCopy.Copy(start);
            var stage = new MetaTraining(net, net.ForwardWith, options with { FirstOrder = firstOrder });
            var sampler = new EpisodeSampler(d2, seed: seed, device: net.Device);
            var probe = new MemoryProbe();
            probe.Sample(gpu);
            var steps = stage.Train(sampler, Training.TrainingProgress.Handler(s =>
            {
                probe.Sample(gpu && (s.Step == 1 || s.Step % 10 == 0 || s.Step == s.TotalSteps));
                progress?.Report(s with { Phase = firstOrder ? "first-order MAML" : "second-order MAML" });
            }));
            var timed = steps.Skip(steps.Count > 1 ? 1 : 0).Select(s => s.Seconds).DefaultIfEmpty(double.NaN).Average();
            runs.Add(new MamlRun(firstOrder, steps, timed, added[firstOrder], probe.PeakManaged, probe.PeakGpuMiB));
        }
        return runs;
    }

    // Two meta-iterations from a copy of start; the second is measured (the first creates what a process keeps once).
    static long? MeasureMemory(EmbeddingNet start, LabeledImages d2, MamlOptions options, int seed)
    {
        var memory = new PeakResidentMemory();
        var measured = false;
        Seeding.Seed(seed);
        using (var net = ModelCopy.Copy(start))
        {
            var stage = new MetaTraining(net, net.ForwardWith, options);
            var sampler = new EpisodeSampler(d2, seed: seed, device: net.Device);
            stage.Train(sampler, Training.TrainingProgress.Handler(s =>
            {
                if (s.Step == 1) measured = memory.StartPhase();
            }));
        }
        return measured ? memory.PhasePeakBytes() : null;
    }
}
