using System.Diagnostics;

namespace FewShotLearn.Retrieval;

/// <summary>One database size of <see cref="SearchBenchmark.Run"/>.</summary>
public sealed record SearchBenchmarkResult(int Entries, int Dimension, int Queries, int K, int QueryBatch, long BlockElements, int Threads,
    double SearchSeconds, double GemmThreadedSeconds, double? GemmPerCoreSeconds, long IndexBytes, long PeakAboveBaselineBytes,
    int CheckedQueries, int Mismatches, double MaxDistanceError, long? GpuMiB)
{
    /// <summary>
    /// The GEMM floor: the faster of the products on libtorch's threads (<see cref="GemmThreadedSeconds"/>) and, where the
    /// CPU search splits its batches over one thread per core, the same split (<see cref="GemmPerCoreSeconds"/>).
    /// </summary>
    public double GemmSeconds => GemmPerCoreSeconds is { } p ? Math.Min(p, GemmThreadedSeconds) : GemmThreadedSeconds;

    /// <summary>Queries answered per second.</summary>
    public double QueriesPerSecond => Queries / SearchSeconds;

    /// <summary>Search throughput as a fraction of the dense GEMM of the same blocks (GEMM time / search time).</summary>
    public double GemmFraction => GemmSeconds / SearchSeconds;

    /// <summary>GFLOP/s of the GEMM floor (2 Q N D flops).</summary>
    public double GemmGflops => 2.0 * Queries * Entries * Dimension / GemmSeconds / 1e9;

    /// <summary>Peak resident memory above the baseline, as a multiple of the index's embedding bytes.</summary>
    public double PeakOverIndex => PeakAboveBaselineBytes / (double)IndexBytes;
}

/// <summary>The &gt; 2 GiB round trip of <see cref="SearchBenchmark.LargeIndex"/>.</summary>
public sealed record LargeIndexResult(long Entries, int Dimension, long FileBytes, double SaveSeconds, double LoadSeconds, bool Identical, long PeakAboveBaselineBytes);

/// <summary>
/// The measured figures of exact search: throughput of <see cref="RetrievalIndex.Search"/> next to the dense GEMM of the
/// same shapes on the same blocks in the same run (<see cref="RetrievalIndex.MultiplyBlocks"/>, the faster of its two
/// threadings), peak resident memory
/// above the process baseline, agreement with a naive float64 reference, and a round trip of an index above 2 GiB.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>An index of <paramref name="n"/> random L2-normalised vectors, generated in chunks (no full-size temporaries).</summary>
    public static RetrievalIndex RandomIndex(long n, int dim, Device device, int seed)
    {
        if (n < 1 || n > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(n), n, $"The database size must be between 1 and {Array.MaxLength}.");
        if (dim < 1 || dim > RetrievalIndex.MaxDimension) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The dimension must be between 1 and {RetrievalIndex.MaxDimension}.");
        Seeding.Seed(seed);
        var emb = empty([n, dim], ScalarType.Float32, device: device);
        using (no_grad())
        {
            const long rows = 1 << 16;
            for (long r = 0; r < n; r += rows)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(rows, n - r);
                emb.narrow(0, r, len).copy_(nn.functional.normalize(randn(len, dim, device: device), p: 2, dim: 1));
            }
        }
        return new RetrievalIndex(emb, new long[n], ["random"], "benchmark");
    }

    /// <summary>Random L2-normalised queries.</summary>
    public static Tensor RandomQueries(int q, int dim, Device device, int seed)
    {
        Seeding.Seed(seed + 1);
        using var scope = NewDisposeScope();
        return nn.functional.normalize(randn(q, dim, device: device), p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Builds a random index of <paramref name="n"/> x <paramref name="dim"/>, times the search of
    /// <paramref name="queries"/> queries and the GEMM floor (best of <paramref name="repeats"/> each, after a warm-up),
    /// records the peak resident memory above the baseline taken before the index was built, and checks
    /// <paramref name="referenceQueries"/> queries against <see cref="NaiveReference"/>.
    /// </summary>
    public static SearchBenchmarkResult Run(int n, int dim, int queries, int k, long blockElements, int queryBatch, Device device, int seed,
        int repeats = 3, int referenceQueries = 16)
    {
        if (queries < 1) throw new ArgumentOutOfRangeException(nameof(queries), queries, "--queries must be at least 1.");
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"-k must be between 1 and the database size {n}.");
        if (queryBatch < 1) throw new ArgumentOutOfRangeException(nameof(queryBatch), queryBatch, "--query-batch must be at least 1.");
        if (blockElements < 1) throw new ArgumentOutOfRangeException(nameof(blockElements), blockElements, "--block-elements must be at least 1.");
        WarmUp(dim, Math.Min(queries, queryBatch), k, blockElements, queryBatch, device, seed);
        ResidentMemory.Settle();
        ResidentMemory.ResetPeak();
        var baseline = ResidentMemory.Current();
        using var index = RandomIndex(n, dim, device, seed);
        using var qs = RandomQueries(queries, dim, device, seed);
        using (var warm = qs.narrow(0, 0, Math.Min(queries, queryBatch)))
        {
            index.MultiplyBlocks(warm, k, blockElements, queryBatch);
            index.MultiplyBlocks(warm, k, blockElements, queryBatch, perCore: true);
            var (wi, wd) = index.Search(warm, k, blockElements: blockElements, queryBatch: queryBatch);
            wi.Dispose(); wd.Dispose();
        }
        // The per-core floor applies where the search splits its batches (CPU, two or more threads).
        var perCore = index.SearchWorkers(Math.Min(queries, queryBatch)) > 1;
        double search = double.MaxValue, gemm = double.MaxValue, gemmPerCore = double.MaxValue;
        Tensor? idx = null, dist = null;
        for (var r = 0; r < Math.Max(1, repeats); r++)
        {
            var sw = Stopwatch.StartNew();
            index.MultiplyBlocks(qs, k, blockElements, queryBatch);
            Synchronize(device);
            gemm = Math.Min(gemm, sw.Elapsed.TotalSeconds);
            if (perCore)
            {
                sw.Restart();
                index.MultiplyBlocks(qs, k, blockElements, queryBatch, perCore: true);
                gemmPerCore = Math.Min(gemmPerCore, sw.Elapsed.TotalSeconds);
            }
            idx?.Dispose(); dist?.Dispose();
            sw.Restart();
            (idx, dist) = index.Search(qs, k, blockElements: blockElements, queryBatch: queryBatch);
            Synchronize(device);
            search = Math.Min(search, sw.Elapsed.TotalSeconds);
        }
        var peak = ResidentMemory.Peak() - baseline;
        long? gpu = device.type == DeviceType.CUDA ? MemoryProbe.GpuMiB() : null;
        var sample = Math.Min(queries, referenceQueries);
        var (mismatches, maxError) = CompareWithReference(index, qs, idx!, dist!, k, sample);
        idx!.Dispose(); dist!.Dispose();
        return new SearchBenchmarkResult(n, dim, queries, k, queryBatch, blockElements, torch.get_num_threads(), search, gemm, perCore ? gemmPerCore : null,
            (long)n * dim * sizeof(float), peak, sample, mismatches, maxError, gpu);
    }

    /// <summary>
    /// One search and one GEMM pass on a small index before the baseline is taken, so the baseline is a process that has
    /// searched already (code compiled, thread pools started): what the measured phase adds is the index and the search.
    /// </summary>
    static void WarmUp(int dim, int queries, int k, long blockElements, int queryBatch, Device device, int seed)
    {
        using var small = RandomIndex(Math.Max(4096, k + 1), dim, device, seed + 7);
        using var qs = RandomQueries(queries, dim, device, seed + 7);
        small.MultiplyBlocks(qs, k, blockElements, queryBatch);
        small.MultiplyBlocks(qs, k, blockElements, queryBatch, perCore: true);
        var (i, d) = small.Search(qs, k, blockElements: blockElements, queryBatch: queryBatch);
        i.Dispose(); d.Dispose();
    }

    /// <summary>True when two tensors have the same shape and every element is equal (TorchSharp's <c>equal</c> is element-wise).</summary>
    internal static bool SameValues(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }

    static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }

    /// <summary>
    /// The naive reference: for each of the first <paramref name="sample"/> queries, every distance ||q - e|| computed
    /// directly in float64 (database rows converted in slices), then one stable full sort; the first k indices. The
    /// search's indices must equal them in order, and its distances agree to float32 precision.
    /// </summary>
    public static (long[] Indices, double[] Distances) NaiveReference(RetrievalIndex index, Tensor queries, int k, int sample)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var q64 = queries.narrow(0, 0, sample).to(index.Device).to_type(ScalarType.Float64);
        var parts = new List<Tensor>();
        const long rows = 2048;
        for (long r = 0; r < index.Count; r += rows)
        {
            using var slice = NewDisposeScope();   // the float64 temporaries of one slice are freed at once
            var e64 = index.Embeddings.narrow(0, r, Math.Min(rows, index.Count - r)).to_type(ScalarType.Float64);
            parts.Add((q64.unsqueeze(1) - e64.unsqueeze(0)).pow(2).sum(2).sqrt().MoveToOuterDisposeScope());   // [sample, rows]
        }
        var all = cat(parts, 1);
        var (sorted, order) = all.sort(dim: 1, descending: false, stable: true);
        return (order.narrow(1, 0, k).cpu().data<long>().ToArray(), sorted.narrow(1, 0, k).cpu().data<double>().ToArray());
    }

    /// <summary>Queries (of the first <paramref name="sample"/>) whose indices differ from <see cref="NaiveReference"/>, and the largest distance error.</summary>
    public static (int Mismatches, double MaxDistanceError) CompareWithReference(RetrievalIndex index, Tensor queries, Tensor indices, Tensor distances, int k, int sample)
    {
        var (refIdx, refDist) = NaiveReference(index, queries, k, sample);
        var got = indices.narrow(0, 0, sample).cpu().data<long>().ToArray();
        var gotDist = distances.narrow(0, 0, sample).cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var mismatches = 0;
        double maxError = 0;
        for (var i = 0; i < sample; i++)
        {
            if (!got.AsSpan(i * k, k).SequenceEqual(refIdx.AsSpan(i * k, k))) mismatches++;
            for (var j = 0; j < k; j++) maxError = Math.Max(maxError, Math.Abs(gotDist[i * k + j] - refDist[i * k + j]));
        }
        return (mismatches, maxError);
    }

    /// <summary>
    /// An index of at least <paramref name="gib"/> GiB of embeddings: searched in memory, saved to
    /// <paramref name="directory"/>, loaded back (checksum verified, read in chunks) and searched again; Identical when
    /// both searches return the same indices and distances. The file is deleted afterwards.
    /// </summary>
    public static LargeIndexResult LargeIndex(double gib, int dim, string directory, Device device, int seed, int k = 10)
    {
        var n = (long)Math.Ceiling(gib * (1L << 30) / (dim * (double)sizeof(float)));
        ResidentMemory.Settle();
        ResidentMemory.ResetPeak();
        var baseline = ResidentMemory.Current();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"fewshot-large-index-{Guid.NewGuid():N}.fsi");
        using var qs = RandomQueries(8, dim, device, seed);
        try
        {
            Tensor i1, d1;
            double save;
            using (var index = RandomIndex(n, dim, device, seed))
            {
                (i1, d1) = index.Search(qs, k, queryBatch: 8, blockElements: 1L << 22);
                var sw = Stopwatch.StartNew();
                index.Save(path);
                save = sw.Elapsed.TotalSeconds;
            }
            GC.Collect();
            var watch = Stopwatch.StartNew();
            using var back = RetrievalIndex.Load(path, "benchmark", device);
            var load = watch.Elapsed.TotalSeconds;
            var (i2, d2) = back.Search(qs, k, queryBatch: 8, blockElements: 1L << 22);
            var identical = back.Count == n && SameValues(i1, i2) && SameValues(d1, d2);
            var bytes = new FileInfo(path).Length;
            foreach (var t in new[] { i1, d1, i2, d2 }) t.Dispose();
            return new LargeIndexResult(n, dim, bytes, save, load, identical, ResidentMemory.Peak() - baseline);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
