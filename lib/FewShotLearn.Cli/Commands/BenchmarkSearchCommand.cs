namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot benchmark search</c>: exact k-NN throughput next to the dense GEMM of the same blocks measured in the same
/// run, peak resident memory above the baseline, agreement with a naive float64 reference, and a &gt; 2 GiB index round trip.
/// </summary>
public static class BenchmarkSearchCommand
{
    /// <summary>Creates the <c>search</c> benchmark.</summary>
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Database sizes, comma-separated.", DefaultValueFactory = _ => "10000,100000,1000000" }.IntList(1, 100_000_000, 16);
        var dim = new Option<int>("--dim") { Description = "Embedding dimension.", DefaultValueFactory = _ => 64 }.InRange(1, 4096);
        var queries = new Option<int>("--queries") { Description = "Queries per size (searched in batches).", DefaultValueFactory = _ => 1000 }.InRange(1, 10_000_000);
        var k = new Option<int>("-k") { Description = "Neighbours per query.", DefaultValueFactory = _ => 10 }.InRange(1, 100_000);
        var block = new Option<long>("--block-elements") { Description = "Score-block size in floats (database chunk = this / query batch).", DefaultValueFactory = _ => 1L << 22 }.InRange(1, 1L << 31);
        var qbatch = new Option<int>("--query-batch") { Description = "Queries searched together (the library's default, RetrievalIndex.Search).", DefaultValueFactory = _ => 1024 }.InRange(1, 65_536);
        var repeats = new Option<int>("--repeats") { Description = "Timed passes of search and GEMM per size (best is reported).", DefaultValueFactory = _ => 3 }.InRange(1, 100);
        var large = new Option<double>("--large-gib") { Description = "Size in GiB of the synthetic index saved, loaded and searched to check indexes above 2 GiB (0 skips it).", DefaultValueFactory = _ => 2.05 }.InRange(0, 64);
        var largeDir = new Option<string>("--large-dir") { Description = "Folder for the large index file (deleted afterwards).", DefaultValueFactory = _ => Path.GetTempPath() };
        var device = CommonOptions.Device();
        var seed = CommonOptions.Seed();
        var search = new Command("search", "Exact nearest-neighbour search: queries/s as a fraction of the same-shape GEMM, peak memory, naive-reference check, > 2 GiB index round trip.")
            { sizes, dim, queries, k, block, qbatch, repeats, large, largeDir, device, seed };
        search.SetAction(parse =>
        {
            if (CommonOptions.CudaAbsent(parse.GetValue(device), "benchmark search")) return 0;
            var dev = Devices.Parse(parse.GetValue(device));
            var d = parse.GetValue(dim);
            var q = parse.GetValue(queries);
            var kk = parse.GetValue(k);
            var gib = parse.GetValue(large);
            if (d < 1 || d > RetrievalIndex.MaxDimension) throw new ArgumentException($"--dim must be between 1 and {RetrievalIndex.MaxDimension}; got {d}.");
            if (q < 1) throw new ArgumentException($"--queries must be at least 1; got {q}.");
            if (!double.IsFinite(gib) || gib < 0 || gib > 64) throw new ArgumentException($"--large-gib must be between 0 and 64 (0 skips the large index); got {gib}.");
            var dir = parse.GetValue(largeDir)!;
            if (gib > 0)
            {
                // Before anything is measured: a folder that cannot be made fails here, naming the option.
                try { Directory.CreateDirectory(dir); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    throw new ArgumentException($"--large-dir '{dir}' cannot be created ({e.Message.TrimEnd('.')}). Give a writable folder with room for {gib.ToString("0.###", CultureInfo.InvariantCulture)} GiB, or --large-gib 0 to skip the large index.");
                }
            }
            var ns = new List<int>();
            foreach (var part in parse.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                ns.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Array.MaxLength
                    ? n : throw new ArgumentException($"--sizes must list database sizes between 1 and {Array.MaxLength}; got '{part}'."));
            Console.WriteLine($"Exact search (RetrievalIndex.Search) vs the dense GEMM [Q x {d}] x [{d} x N] of the same blocks (RetrievalIndex.MultiplyBlocks), " +
                $"random L2-normalised embeddings; device {dev}, {torch.get_num_threads()} libtorch thread{(torch.get_num_threads() == 1 ? "" : "s")}, best of {parse.GetValue(repeats)}.");
            foreach (var n in ns)
            {
                var r = SearchBenchmark.Run(n, d, q, kk, parse.GetValue(block), parse.GetValue(qbatch), dev, parse.GetValue(seed), parse.GetValue(repeats));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"database {n,9:N0} x {d}: {q} queries (k={kk}, batches of {Math.Min(q, r.QueryBatch)}): search {r.SearchSeconds:F3} s = {r.QueriesPerSecond,9:N0} queries/s; " +
                    $"GEMM {r.GemmSeconds:F3} s ({r.GemmGflops:F1} GFLOP/s{(r.GemmPerCoreSeconds is { } pc ? $"; faster of libtorch's threads {r.GemmThreadedSeconds:F3} s and one thread per core {pc:F3} s" : "")}); search at {r.GemmFraction:P0} of GEMM; " +
                    $"index {Mib(r.IndexBytes)} MiB, peak {Mib(r.PeakAboveBaselineBytes)} MiB above baseline ({r.PeakOverIndex:F2}x index)" +
                    $"{(r.GpuMiB is { } g ? $", GPU {g} MiB" : "")}" +
                    $"; naive float64 reference: {r.CheckedQueries - r.Mismatches}/{r.CheckedQueries} queries identical, max distance error {r.MaxDistanceError:E1}"));
                if (r.Mismatches > 0)
                    throw new InvalidOperationException($"The search disagrees with the naive reference on {r.Mismatches} of {r.CheckedQueries} queries at N={n}.");
            }
            if (gib > 0)
            {
                var l = SearchBenchmark.LargeIndex(gib, d, dir, dev, parse.GetValue(seed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"large index {l.Entries:N0} x {l.Dimension} ({l.FileBytes / (double)(1L << 30):F2} GiB file): saved in {l.SaveSeconds:F1} s, loaded (checksum verified) in {l.LoadSeconds:F1} s, " +
                    $"search after reload {(l.Identical ? "identical" : "DIFFERENT")}; peak {Mib(l.PeakAboveBaselineBytes)} MiB above baseline"));
                if (!l.Identical) throw new InvalidOperationException("The reloaded large index searched differently from the one saved.");
            }
            return 0;
        });
        return search;
    }

    static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
