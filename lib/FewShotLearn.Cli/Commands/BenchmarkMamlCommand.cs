namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot benchmark maml</c>: seconds per meta-iteration and peak memory of MAML at both orders.
/// <c>--workload conv4</c> (default): the classic workload (Conv4 + batch norm, cross-entropy), library vs the floor
/// (the same calls written directly on TorchSharp) in the same run. <c>--workload embedding</c>: the patent's stage 2
/// (EmbeddingNet, metric losses), second vs first order.
/// </summary>
public static class BenchmarkMamlCommand
{
    /// <summary>The workloads --workload accepts.</summary>
    public static readonly string[] Workloads = ["conv4", "embedding"];

    /// <summary>Creates the sub-command (attached under <c>benchmark</c>).</summary>
    public static Command Create()
    {
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var workload = new Option<string>("--workload") { Description = "conv4: classic MAML (Conv4-BN, cross-entropy), library vs floor; embedding: the patent's stage 2 (EmbeddingNet, metric losses)", DefaultValueFactory = _ => "conv4" };
        var channels = new Option<string?>("--channels") { Description = "conv4: channels of each block (default 64); embedding: EmbeddingNet channels, comma-separated (default 32,32,32)" };
        var iterations = new Option<int?>("--iterations") { Description = "conv4: timed meta-iterations per phase, after one warm-up (default 5); embedding: meta-iterations per order (default 20)" }.InRange(1, 1_000_000);
        var repeats = new Option<int>("--repeats") { Description = "conv4: rounds of alternating floor/library phases per order (medians are reported)", DefaultValueFactory = _ => 3 }.InRange(1, 100);
        var orders = new Option<string>("--orders") { Description = "conv4: second, first or both", DefaultValueFactory = _ => "both" };
        var ways = new Option<int>("--ways") { Description = "N", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var shots = new Option<int>("--shots") { Description = "K", DefaultValueFactory = _ => 5 }.InRange(1, 1000);
        var queries = new Option<int?>("--queries") { Description = "Q per class (default 15 for conv4, 5 for embedding)" }.InRange(2, 1000);
        var innerSteps = new Option<int?>("--inner-steps") { Description = "n: inner steps (default 5 for conv4, 3 for embedding)" }.InRange(1, 1000);
        var innerLr = new Option<double>("--inner-lr") { Description = "conv4: alpha, the inner SGD step", DefaultValueFactory = _ => 0.4 }.Positive();
        var batch = new Option<int>("--meta-batch") { Description = "Tasks per meta-update", DefaultValueFactory = _ => 4 }.InRange(1, 1000);
        var size = new Option<int>("--size") { Description = "Glyph image size in pixels", DefaultValueFactory = _ => 28 }.InRange(8, 256);
        var cmd = new Command("maml", "MAML seconds per meta-iteration and peak memory at both orders; conv4 also runs the floor (direct TorchSharp) and prints library/floor ratios.")
            { workload, iterations, repeats, orders, ways, shots, queries, innerSteps, innerLr, batch, channels, size, seed, device };
        cmd.SetAction(parse =>
        {
            var w = parse.GetValue(workload)!.Trim().ToLowerInvariant();
            if (!Workloads.Contains(w))
                throw new ArgumentException($"Unknown --workload '{parse.GetValue(workload)}'. Use {string.Join(" or ", Workloads)}.");
            var deviceName = parse.GetValue(device);
            if (CommonOptions.CudaAbsent(deviceName, "benchmark maml")) return 0;
            var dev = Devices.Parse(deviceName);
            if (w == "conv4")
            {
                var options = new MamlBenchmarkOptions
                {
                    Ways = parse.GetValue(ways), Shots = parse.GetValue(shots), Queries = parse.GetValue(queries) ?? 15,
                    InnerSteps = parse.GetValue(innerSteps) ?? 5, InnerLr = parse.GetValue(innerLr), MetaBatch = parse.GetValue(batch),
                    Channels = ParseConv4Channels(parse.GetValue(channels)), Size = parse.GetValue(size),
                    Iterations = parse.GetValue(iterations) ?? 5, Repeats = parse.GetValue(repeats), FirstOrder = ParseOrders(parse.GetValue(orders)!),
                };
                Conv4Report(MamlBenchmark.Run(options, dev, parse.GetValue(seed), PhaseLine));
                return 0;
            }
            EmbeddingReport(parse, dev, parse.GetValue(seed), parse.GetValue(ways), parse.GetValue(shots), parse.GetValue(queries) ?? 5, parse.GetValue(innerSteps) ?? 3,
                parse.GetValue(batch), parse.GetValue(iterations) ?? 20, parse.GetValue(channels) ?? "32,32,32", parse.GetValue(size));
            return 0;
        });
        return cmd;
    }

    static int ParseConv4Channels(string? text)
    {
        if (text is null) return 64;
        var c = OptionRules.ParseList(text);
        if (c.Distinct().Count() != 1)
            throw new ArgumentException($"--channels for the conv4 workload is one number (every block has the same width, e.g. 64); got '{text}'.");
        return c[0];
    }

    static IReadOnlyList<bool> ParseOrders(string text) => text.Trim().ToLowerInvariant() switch
    {
        "both" => [false, true],
        "second" => [false],
        "first" => [true],
        _ => throw new ArgumentException($"Unknown --orders '{text}'. Use second, first or both."),
    };

    static void PhaseLine(MamlBenchmarkPhase p)
    {
        var order = p.FirstOrder ? "first" : "second";
        var figure = p.MeasuresMemory ? $"memory phase: peak {Mib(p.PeakBytes)}" : $"median {p.MedianSeconds:F3} s/iteration ({p.MedianCpuSeconds:F3} CPU s)";
        AnsiConsole.MarkupLine(Markup.Escape($"  round {p.Round + 1} {order}-order {p.Implementation}: {figure}, outer loss {p.OuterLosses[0]:F4} -> {p.OuterLosses[^1]:F4}"));
    }

    static string Mib(long? bytes) => bytes is { } b ? $"{b / 1048576.0:F0} MiB" : "n/a";

    static void Conv4Report(MamlBenchmarkResult r)
    {
        var o = r.Options;
        var table = new Table().Title(Markup.Escape($"benchmark maml --workload conv4: Conv4-BN {o.Channels} channels, {o.Size}x{o.Size}, {o.Ways}-way {o.Shots}-shot, {o.Queries} queries/class, " +
                $"{o.InnerSteps} inner steps (alpha {o.InnerLr}), {o.MetaBatch} tasks/meta-update, Adam; {o.Repeats} rounds x {o.Iterations} timed iterations, on {r.Device}"))
            .AddColumns("order", "floor s/iter", "library s/iter", "time ratio", "floor CPU s/iter", "library CPU s/iter", "CPU ratio", "floor peak", "library peak", "memory ratio", "max |loss diff|");
        foreach (var s in r.Summaries)
            table.AddRow(s.Name, $"{s.FloorSeconds:F3}", $"{s.LibrarySeconds:F3}", $"{s.TimeRatio:F3}", $"{s.FloorCpuSeconds:F3}", $"{s.LibraryCpuSeconds:F3}", $"{s.CpuRatio:F3}", Mib(s.FloorPeakBytes), Mib(s.LibraryPeakBytes),
                s.MemoryRatio is { } m ? $"{m:F3}" : "n/a", $"{s.MaxOuterLossDifference:E1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"ratios are library / floor (medians over rounds of each phase's median); floor = the same calls written directly on TorchSharp. " +
            $"memory: {r.MemoryMethod}. torch threads {torch.get_num_threads()}."));
    }

    static void EmbeddingReport(ParseResult parse, torch.Device dev, int s, int n, int shots, int queries, int innerSteps, int batch, int iterations, string channels, int size)
    {
        Seeding.Seed(s);
        using var d2 = Data.GlyphDataset.Generate(Math.Max(2 * n, 10), shots + queries + 2, size, s, dev, firstClass: 1000);
        var net = new EmbeddingNet(1, OptionRules.ParseList(channels), dev);
        var options = new MamlOptions { Ways = n, Shots = shots, Queries = queries, InnerSteps = innerSteps, MetaBatch = batch, MetaIterations = iterations };
        var done = 0;   // second order runs first, then first order
        var runs = MetaCli.WithProgress("MAML", 2 * options.MetaIterations, report =>
            OrderComparison.Run(net, d2, options, s, FewShotLearn.Training.TrainingProgress.Handler(p => report(++done, p.ToString()))));
        var table = new Table().Title(Markup.Escape($"benchmark maml --workload embedding: {n}-way {options.Shots}-shot, {options.Queries} queries/class, n={options.InnerSteps} inner steps, meta-batch {options.MetaBatch}, {options.MetaIterations} iterations, EmbeddingNet [{channels}] on {dev}"))
            .AddColumns("variant", "ms / meta-iteration (mean)", "ms (median)", "peak added by a meta-iteration", "peak managed heap", "peak GPU memory", "outer loss first -> last");
        foreach (var r in runs)
            table.AddRow(r.Name, $"{r.MeanSecondsPerIteration * 1000:F1}", $"{r.MedianSecondsPerIteration * 1000:F1}", r.PeakAddedBytes is { } b ? $"{b / 1048576.0:F1} MiB" : "n/a", $"{r.PeakManagedBytes / 1048576.0:F1} MiB",
                r.PeakGpuMiB is { } g ? $"{g} MiB" : "n/a (CPU)", $"{r.Steps[0].OuterLoss:F3} -> {r.Steps[^1].OuterLoss:F3}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"second/first-order time ratio (medians) {runs[0].MedianSecondsPerIteration / runs[1].MedianSecondsPerIteration:F2}; torch threads {torch.get_num_threads()}; peak added: the resident set one meta-iteration adds, each order measured on its own before the timed runs " +
            "(after a warm-up meta-iteration, with glibc mapping blocks >= 64 KiB individually so freed tensors leave the resident set; n/a off Linux and on a GPU)"));
    }
}
