using System.Diagnostics;

namespace FewShotLearn.Meta;

/// <summary>The classic MAML workload measured by <see cref="MamlBenchmark"/> (defaults: Finn et al.'s Omniglot 5-way 5-shot setting).</summary>
public sealed record MamlBenchmarkOptions
{
    /// <summary>N, classes per task (and outputs of the Conv4 head).</summary>
    public int Ways { get; init; } = 5;

    /// <summary>K, support images per class.</summary>
    public int Shots { get; init; } = 5;

    /// <summary>Query images per class.</summary>
    public int Queries { get; init; } = 15;

    /// <summary>n, inner SGD steps per task.</summary>
    public int InnerSteps { get; init; } = 5;

    /// <summary>alpha, the inner step size.</summary>
    public double InnerLr { get; init; } = 0.4;

    /// <summary>beta, the outer Adam learning rate.</summary>
    public double OuterLr { get; init; } = 1e-3;

    /// <summary>Tasks per meta-update.</summary>
    public int MetaBatch { get; init; } = 4;

    /// <summary>Channels of each of the four conv blocks.</summary>
    public int Channels { get; init; } = 64;

    /// <summary>Image side in pixels.</summary>
    public int Size { get; init; } = 28;

    /// <summary>Timed meta-iterations per phase (after one untimed warm-up iteration).</summary>
    public int Iterations { get; init; } = 5;

    /// <summary>Rounds of (floor, library) phases per order; the order of floor and library alternates between rounds.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Which orders to measure: second order, first order or both.</summary>
    public IReadOnlyList<bool> FirstOrder { get; init; } = [false, true];

    /// <summary>Checks the values (sizes are bounded before anything is allocated), naming the bad one.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new ArgumentException(message); }
        Check(Ways is >= 2 and <= 100, $"--ways must be within 2..100; got {Ways}.");
        Check(Shots is >= 1 and <= 100, $"--shots must be within 1..100; got {Shots}.");
        Check(Queries is >= 1 and <= 100, $"--queries must be within 1..100; got {Queries}.");
        Check(InnerSteps is >= 1 and <= 100, $"--inner-steps must be within 1..100; got {InnerSteps}.");
        Check(InnerLr > 0 && double.IsFinite(InnerLr), $"The inner learning rate must be positive and finite; got {InnerLr}.");
        Check(OuterLr > 0 && double.IsFinite(OuterLr), $"The outer learning rate must be positive and finite; got {OuterLr}.");
        Check(MetaBatch is >= 1 and <= 64, $"--meta-batch must be within 1..64; got {MetaBatch}.");
        Check(Channels is >= 1 and <= 512, $"--channels must be within 1..512; got {Channels}.");
        Check(Size is >= 16 and <= 256, $"--size must be within 16..256 (four 2x2 poolings); got {Size}.");
        Check(Iterations is >= 1 and <= 1000, $"--iterations must be within 1..1000; got {Iterations}.");
        Check(Repeats is >= 1 and <= 100, $"--repeats must be within 1..100; got {Repeats}.");
        Check(FirstOrder.Count >= 1, "Choose at least one order to measure.");
    }
}

/// <summary>
/// One measured phase: <see cref="Implementation"/> ("floor" or "library") at one order, one round: the seconds of each
/// timed meta-iteration, the outer (query) loss of every iteration (warm-up included) and, in a memory phase
/// (<see cref="MeasuresMemory"/>, kept apart from the timed ones), the phase's peak memory.
/// </summary>
public sealed record MamlBenchmarkPhase(string Implementation, bool FirstOrder, int Round, bool MeasuresMemory, IReadOnlyList<double> Seconds, IReadOnlyList<double> CpuSeconds, IReadOnlyList<double> OuterLosses, long? PeakBytes)
{
    /// <summary>Median wall seconds per timed meta-iteration.</summary>
    public double MedianSeconds => MamlBenchmark.Median(Seconds);

    /// <summary>Median process CPU seconds (user + system, all threads) per timed meta-iteration: less sensitive to other processes' load than wall time.</summary>
    public double MedianCpuSeconds => MamlBenchmark.Median(CpuSeconds);
}

/// <summary>One order's summary: medians over rounds of the phases' medians and peaks, and library/floor ratios.</summary>
public sealed record MamlBenchmarkSummary(bool FirstOrder, double FloorSeconds, double LibrarySeconds, double FloorCpuSeconds, double LibraryCpuSeconds, long? FloorPeakBytes, long? LibraryPeakBytes, double MaxOuterLossDifference)
{
    /// <summary>Library CPU time over floor CPU time.</summary>
    public double CpuRatio => LibraryCpuSeconds / FloorCpuSeconds;

    /// <summary>Library time over floor time (1.05 = 5 % overhead).</summary>
    public double TimeRatio => LibrarySeconds / FloorSeconds;

    /// <summary>Library peak memory over floor peak memory (null when memory could not be measured).</summary>
    public double? MemoryRatio => FloorPeakBytes is > 0 && LibraryPeakBytes is { } l ? (double)l / FloorPeakBytes.Value : null;

    /// <summary>"first-order" or "second-order".</summary>
    public string Name => FirstOrder ? "first-order" : "second-order";
}

/// <summary>The phases of a run, the device and how memory was measured.</summary>
public sealed record MamlBenchmarkResult(MamlBenchmarkOptions Options, string Device, string MemoryMethod, IReadOnlyList<MamlBenchmarkPhase> Phases)
{
    /// <summary>Per-order summaries, in the order measured.</summary>
    public IReadOnlyList<MamlBenchmarkSummary> Summaries => Options.FirstOrder.Select(Summary).ToArray();

    /// <summary>The summary of one order.</summary>
    public MamlBenchmarkSummary Summary(bool firstOrder)
    {
        MamlBenchmarkPhase[] Of(string impl) => Phases.Where(p => p.FirstOrder == firstOrder && p.Implementation == impl).ToArray();
        var floorAll = Of(MamlBenchmark.Floor);
        var libraryAll = Of(MamlBenchmark.Library);
        var floor = floorAll.Where(p => !p.MeasuresMemory).ToArray();
        var library = libraryAll.Where(p => !p.MeasuresMemory).ToArray();
        long? Peak(MamlBenchmarkPhase[] ps) => ps.Any(p => p.PeakBytes is not null) ? (long)MamlBenchmark.Median(ps.Where(p => p.PeakBytes is not null).Select(p => (double)p.PeakBytes!.Value).ToArray()) : null;
        var diff = floorAll.Zip(libraryAll).SelectMany(fl => fl.First.OuterLosses.Zip(fl.Second.OuterLosses, (a, b) => Math.Abs(a - b))).DefaultIfEmpty(0).Max();
        return new MamlBenchmarkSummary(firstOrder,
            MamlBenchmark.Median(floor.Select(p => p.MedianSeconds).ToArray()), MamlBenchmark.Median(library.Select(p => p.MedianSeconds).ToArray()),
            MamlBenchmark.Median(floor.Select(p => p.MedianCpuSeconds).ToArray()), MamlBenchmark.Median(library.Select(p => p.MedianCpuSeconds).ToArray()),
            Peak(floorAll), Peak(libraryAll), diff);
    }
}

/// <summary>
/// The classic MAML workload (Conv4 with batch norm, cross-entropy, n inner SGD steps, Adam over a meta-batch of tasks) run
/// two ways in one process: through the library (<see cref="Maml"/>, <see cref="MamlLearner"/>, <see cref="Conv4.ForwardWith"/>)
/// and as the floor, the same tensor calls written directly on TorchSharp (conv2d / batch_norm / relu / max_pool2d / linear on a
/// list of tensors, autograd.grad, backward, Adam) with no library code in the loop. Phases alternate between the two (floor
/// first in even rounds, library first in odd ones) so a shared machine's load falls on both alike; each phase starts from the
/// same initial weights and runs the same tasks, so their losses must agree (a check that both compute the same thing).
/// </summary>
public static class MamlBenchmark
{
    /// <summary>The name of the direct-TorchSharp phases.</summary>
    public const string Floor = "floor";

    /// <summary>The name of the phases that use the library's MAML.</summary>
    public const string Library = "library";

    /// <summary>Runs the benchmark on <paramref name="device"/>; <paramref name="progress"/> gets one line per phase.</summary>
    public static MamlBenchmarkResult Run(MamlBenchmarkOptions options, Device device, int seed = Seeding.DefaultSeed, Action<MamlBenchmarkPhase>? progress = null)
    {
        options.Validate();
        var gpu = device.type == DeviceType.CUDA;
        var tasks = SampleTasks(options, device, seed);
        try
        {
            var memory = new PeakResidentMemory();
            var phases = new List<MamlBenchmarkPhase>();
            // Memory phases first, while glibc's heap is still small: they make glibc map every block of 64 KiB or more on
            // its own so that the resident set follows the live tensors. Run after the timing rounds instead, they found the
            // heap those rounds had grown (free chunks of every size, trimmed out of the resident set), and glibc serves a
            // request from its free lists before it maps anything: each block then landed on heap pages of its own, which
            // stayed resident after it was freed: a first-order meta-iteration measured 190-220 MiB after second-order timing
            // and 112-123 MiB after first-order timing only, against the 76-79 MiB it adds measured first. Then the timing
            // rounds, with glibc's threshold at the 32 MiB its own adaptation reaches.
            foreach (var measureMemory in new[] { true, false })
            {
                var mapped = measureMemory && !gpu && PeakResidentMemory.MapLargeBlocks();
                if (measureMemory && !gpu && !mapped) continue;
                try
                {
                    for (var round = 0; round < (measureMemory ? Math.Min(options.Repeats, 2) : options.Repeats); round++)
                        foreach (var firstOrder in options.FirstOrder)
                            foreach (var impl in round % 2 == 0 ? new[] { Floor, Library } : new[] { Library, Floor })
                            {
                                var phase = RunPhase(impl, firstOrder, round, options, device, seed, tasks, measureMemory ? memory : null, gpu);
                                phases.Add(phase);
                                progress?.Invoke(phase);
                            }
                }
                finally
                {
                    if (mapped) PeakResidentMemory.UnmapLargeBlocks();
                }
            }
            var method = gpu
                ? "GPU: this process's memory from nvidia-smi after each memory phase (the caching allocator keeps what it reserved, so it is the running peak, not per phase)"
                : phases.Any(p => p.PeakBytes is not null)
                    ? "peak resident set added by each memory phase (one meta-iteration after a one-task warm-up, run before the timed ones; glibc maps blocks >= 64 KiB " +
                      "individually so freed tensors leave the resident set; kernel VmHWM reset via /proc/self/clear_refs after GC and malloc_trim, minus the phase's starting RSS)"
                    : "not measured (needs Linux /proc and glibc)";
            return new MamlBenchmarkResult(options, device.ToString(), method, phases);
        }
        finally
        {
            foreach (var t in tasks) t.Dispose();
        }
    }

    static Episode[] SampleTasks(MamlBenchmarkOptions o, Device device, int seed)
    {
        var classes = Math.Max(2 * o.Ways, 20);
        using var data = GlyphDataset.Generate(classes, o.Shots + o.Queries, o.Size, seed, CPU, firstClass: 1000);
        var sampler = new EpisodeSampler(data, seed: seed, device: device);
        return sampler.SampleMany((o.Iterations + 1) * o.MetaBatch, o.Ways, o.Shots, o.Queries, EpisodeMode.SameClasses).ToArray();
    }

    static MamlBenchmarkPhase RunPhase(string impl, bool firstOrder, int round, MamlBenchmarkOptions o, Device device, int seed, Episode[] tasks, PeakResidentMemory? memory, bool gpu)
    {
        Seeding.Seed(seed);
        using var net = new Conv4(o.Ways, 1, o.Channels, o.Size, device);
        net.train();
        var measured = false;
        // A memory phase: a warm-up meta-iteration on one task, then one measured meta-iteration (its peak is every later
        // one's). The warm-up creates what a process keeps once, such as oneDNN's primitives and scratch space for these
        // shapes, and Adam's moments.
        var iterations = memory is null ? o.Iterations : 1;
        using var optimizer = torch.optim.Adam(net.parameters(), o.OuterLr);
        Func<Episode[], double> iteration = impl == Floor
            ? FloorIteration(net, optimizer, o, firstOrder)
            : LibraryIteration(new Maml(net, net.ForwardWith, o.InnerLr, firstOrder), optimizer, o);
        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        using var process = Process.GetCurrentProcess();
        var losses = new List<double>();
        for (var it = 0; it <= iterations; it++)
        {
            // A memory phase warms up on one task: mapping every block makes its iterations several times slower.
            var batch = memory is not null && it == 0 ? tasks[..1] : tasks[(it * o.MetaBatch)..((it + 1) * o.MetaBatch)];
            if (memory is not null && it == 1) measured = !gpu && memory.StartPhase();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var loss = iteration(batch);
            if (gpu) torch.cuda.synchronize();
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            if (it > 0)
            {
                seconds.Add(wall);
                cpuSeconds.Add((process.TotalProcessorTime - cpu).TotalSeconds);
            }
            if (!double.IsFinite(loss))
                throw new ArithmeticException($"The {impl} {(firstOrder ? "first" : "second")}-order outer loss became {loss} at meta-iteration {it}; lower the inner learning rate.");
            losses.Add(loss);
        }
        long? peak = memory is null ? null : gpu ? MemoryProbe.GpuMiB() is { } mib ? mib * 1048576 : null : measured ? memory.PhasePeakBytes() : null;
        return new MamlBenchmarkPhase(impl, firstOrder, round, memory is not null, seconds, cpuSeconds, losses, peak);
    }

    // The library: a learner per task from Maml.Clone, n Adapt calls, the query loss back-propagated to the module.
    static Func<Episode[], double> LibraryIteration(Maml maml, optim.Optimizer optimizer, MamlBenchmarkOptions o) => batch =>
    {
        optimizer.zero_grad();
        double outer = 0;
        foreach (var task in batch)
        {
            using var scope = torch.NewDisposeScope();
            var learner = maml.Clone();
            for (var s = 0; s < o.InnerSteps; s++)
            {
                // Like the floor's step scope (and Python's rebinding): the support logits and loss die with the step.
                using var logits = learner.Forward(task.SupportImages);
                using var support = nn.functional.cross_entropy(logits, task.SupportLabels);
                learner.Adapt(support);
            }
            var query = nn.functional.cross_entropy(learner.Forward(task.QueryImages), task.QueryLabels);
            (query / o.MetaBatch).backward();
            outer += query.item<float>();
        }
        optimizer.step();
        return outer / o.MetaBatch;
    };

    // The floor: the same math on a plain list of tensors, in the module's parameter order
    // (per block: conv weight, conv bias, bn weight, bn bias; then head weight, head bias).
    static Func<Episode[], double> FloorIteration(Conv4 net, optim.Optimizer optimizer, MamlBenchmarkOptions o, bool firstOrder)
    {
        var theta = net.parameters().Select(p => (Tensor)p).ToArray();
        var stats = Enumerable.Range(0, 4).Select(net.RunningStatistics).ToArray();
        var secondOrder = !firstOrder;
        Tensor Forward(Tensor x, Tensor[] w)
        {
            using var scope = torch.NewDisposeScope();   // intermediate handles die here, as rebinding h does in Python
            var h = x;
            for (var i = 0; i < 4; i++)
            {
                h = nn.functional.conv2d(h, w[4 * i], w[4 * i + 1], padding: [1, 1]);
                h = nn.functional.batch_norm(h, stats[i].Mean, stats[i].Var, w[4 * i + 2], w[4 * i + 3], training: true, momentum: 0.1, eps: 1e-5);
                h = nn.functional.relu(h);
                h = nn.functional.max_pool2d(h, kernel_size: 2, stride: 2);
            }
            return nn.functional.linear(h.flatten(1), w[16], w[17]).MoveToOuterDisposeScope();
        }
        return batch =>
        {
            optimizer.zero_grad();
            double outer = 0;
            foreach (var task in batch)
            {
                using var scope = torch.NewDisposeScope();
                var fast = theta;
                for (var s = 0; s < o.InnerSteps; s++)
                {
                    // What Python's reference counting does for free: the step's loss and gradients die with the step.
                    using var step = torch.NewDisposeScope();
                    var loss = nn.functional.cross_entropy(Forward(task.SupportImages, fast), task.SupportLabels);
                    var grads = torch.autograd.grad([loss], fast, retain_graph: secondOrder, create_graph: secondOrder);
                    fast = fast.Select((w, i) => (w - o.InnerLr * grads[i]).MoveToOuterDisposeScope()).ToArray();
                }
                var query = nn.functional.cross_entropy(Forward(task.QueryImages, fast), task.QueryLabels);
                (query / o.MetaBatch).backward();
                outer += query.item<float>();
            }
            optimizer.step();
            return outer / o.MetaBatch;
        };
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var t = values.Order().ToArray();
        return t.Length % 2 == 1 ? t[t.Length / 2] : (t[t.Length / 2 - 1] + t[t.Length / 2]) / 2;
    }
}
