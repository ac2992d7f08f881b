using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FewShotLearn.Retrieval;

/// <summary>
/// The image database of the retrieval apparatus: finite embeddings with labels, class names, the shape of the images they
/// were embedded from, a content hash of those images, the file behind each entry (path, length, time, SHA-256) when the
/// database came from files, free-form metadata and the fingerprint of the model that made them. Exact k-nearest-neighbour
/// search (Euclidean) tiled over query batches and database chunks on the embeddings' device; a versioned binary file
/// (<see cref="VersionedFile"/>) written and read in chunks, so indexes above 2 GiB work.
/// </summary>
public sealed class RetrievalIndex : IDisposable
{
    /// <summary>File magic bytes.</summary>
    public static readonly byte[] Magic = "FSLINDEX"u8.ToArray();

    /// <summary>Current file format version (2: labels in the payload, typed image shape, content hashes, whole-file checksum).</summary>
    public const int FormatVersion = 2;

    /// <summary>Largest embedding dimension accepted from a file header.</summary>
    public const int MaxDimension = 65536;

    /// <summary>Rows per chunk when the embeddings are written, read or checked (16 MiB of floats at 64-d).</summary>
    const long IoChunkBytes = 16L << 20;

    /// <summary>Creates an index. <paramref name="embeddings"/> [N, D] float32 stay on their device and are owned by the index; they must be finite.</summary>
    public RetrievalIndex(Tensor embeddings, IReadOnlyList<long> labels, IReadOnlyList<string> classNames, string fingerprint,
        IReadOnlyList<string>? paths = null, IReadOnlyDictionary<string, string>? metadata = null,
        ImageShape? imageShape = null, string? databaseHash = null, IReadOnlyList<IndexedFile>? files = null)
    {
        if (embeddings.dim() != 2) throw new ArgumentException($"Embeddings must be [N, D]; got [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        if (embeddings.shape[0] != labels.Count) throw new ArgumentException($"{embeddings.shape[0]} embeddings but {labels.Count} labels.", nameof(labels));
        if (files is not null) paths = files.Select(f => f.Path).ToArray();   // the recorded (full) paths
        if (paths is not null && paths.Count != labels.Count) throw new ArgumentException($"{labels.Count} entries but {paths.Count} paths.", nameof(paths));
        if (files is not null && files.Count != labels.Count) throw new ArgumentException($"{labels.Count} entries but {files.Count} file records.", nameof(files));
        var bad = labels.FirstOrDefault(l => l < 0 || l >= classNames.Count, -1);
        if (bad != -1) throw new ArgumentException($"Label {bad} is outside the {classNames.Count} class names.", nameof(labels));
        var e = embeddings.dtype == ScalarType.Float32 ? embeddings : embeddings.to_type(ScalarType.Float32);
        var badRow = FirstNonFiniteRow(e);
        if (badRow >= 0)
            throw new ArgumentException($"Embedding {badRow} of {e.shape[0]}{(paths is null ? "" : $" ({paths[(int)badRow]})")} holds NaN or infinite values: " +
                "a retrieval index needs finite embeddings, or every ranking is meaningless. The model that produced them has diverged " +
                "(NaN/infinite weights: retrain it with a smaller learning rate) or was given non-finite images.", nameof(embeddings));
        Embeddings = e;
        Labels = labels.ToArray();
        ClassNames = classNames.ToArray();
        Fingerprint = fingerprint;
        Paths = paths?.ToArray();
        Files = files?.ToArray();
        ImageShape = imageShape;
        DatabaseHash = databaseHash;
        Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
    }

    /// <summary>[N, D] float32 embeddings.</summary>
    public Tensor Embeddings { get; }

    /// <summary>Label of each entry.</summary>
    public long[] Labels { get; }

    /// <summary>Name of each label.</summary>
    public string[] ClassNames { get; }

    /// <summary>Fingerprint of the model that produced the embeddings (see <c>EmbeddingNet.Fingerprint</c>).</summary>
    public string Fingerprint { get; }

    /// <summary>File path of each entry, when the database came from image files.</summary>
    public string[]? Paths { get; }

    /// <summary>The file behind each entry as it was when indexed (null when the database did not come from files).</summary>
    public IndexedFile[]? Files { get; }

    /// <summary>Shape of the images the embeddings were computed from (null for an index built from bare embeddings).</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>
    /// <see cref="ContentHash"/> of the embedded images and labels: a query set with the same hash is this database
    /// (leave-one-out evaluation), whatever it is called. Null for an index built from bare embeddings.
    /// </summary>
    public string? DatabaseHash { get; }

    /// <summary>Free-form metadata (source data set, architecture...).</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Labels.Length;

    /// <summary>Embedding dimension.</summary>
    public int Dimension => (int)Embeddings.shape[1];

    /// <summary>The device the embeddings (and the search) live on.</summary>
    public Device Device => Embeddings.device;

    /// <summary>The image shape, or a clear error for an index that records none.</summary>
    public ImageShape RequireImageShape() => ImageShape
        ?? throw new InvalidOperationException("This index records no image shape (it was built from bare embeddings, not images), so images cannot be searched against it; build it with `fewshot index --data <data> --model <checkpoint>`.");

    /// <summary>
    /// SHA-256 (hex) of a labelled image set's content: the image shape, the float32 pixels in order, the labels and the
    /// class names. Two sets have the same hash exactly when they hold the same images with the same labels in the same
    /// order, however they were named or spelled on a command line.
    /// </summary>
    public static string ContentHash(LabeledImages images)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var s in images.Images.shape) sha.AppendData(BitConverter.GetBytes(s));
        using (no_grad())
        {
            var n = images.Images.shape[0];
            var rowBytes = Math.Max(1, images.Images.numel() / Math.Max(1, n) * sizeof(float));
            var rows = Math.Max(1, IoChunkBytes / rowBytes);
            for (long r = 0; r < n; r += rows)
            {
                using var part = images.Images.narrow(0, r, Math.Min(rows, n - r)).to_type(ScalarType.Float32).cpu().contiguous();
                sha.AppendData(part.bytes);
            }
        }
        sha.AppendData(MemoryMarshal.AsBytes(images.Labels.AsSpan()));
        foreach (var c in images.ClassNames) { sha.AppendData(Encoding.UTF8.GetBytes(c)); sha.AppendData([0]); }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The entries whose files changed since indexing, with what changed (empty when current or not from files).</summary>
    public IReadOnlyList<(string Path, string Change)> ChangedFiles() =>
        Files is null ? [] : Files.Select(f => (f.Path, Change: f.Check())).Where(x => x.Change is not null).Select(x => (x.Path, x.Change!)).ToArray();

    /// <summary>
    /// Refuses a stale index: when any file behind an entry is missing or changed since indexing, its stored embedding no
    /// longer describes the picture a search would show, so searching or evaluating it would report wrong distances.
    /// </summary>
    public void EnsureFilesCurrent(string? indexPath = null)
    {
        var changed = ChangedFiles();
        if (changed.Count == 0) return;
        var shown = string.Join("; ", changed.Take(3).Select(c => $"{c.Path}: {c.Change}")) + (changed.Count > 3 ? $"; and {changed.Count - 3} more" : "");
        throw new InvalidDataException($"The retrieval index{(indexPath is null ? "" : $" '{indexPath}'")} is stale: {changed.Count} of {Count} image files changed since it was built ({shown}). " +
            "Its embeddings no longer match the pictures; rebuild it: `fewshot index --data <folder> --model <checkpoint> --out <file>`.");
    }

    static long FirstNonFiniteRow(Tensor e)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (e.numel() == 0) return -1;
        var n = e.shape[0];
        var width = e.numel() / n;
        var step = Math.Max(1, IoChunkBytes / Math.Max(1, width * sizeof(float)));
        var inPlace = e.device_type == DeviceType.CPU && e.dtype == ScalarType.Float32 && e.is_contiguous();
        for (long r = 0; r < n; r += step)   // in chunks: no temporary of the index's size
        {
            using var part = e.narrow(0, r, Math.Min(step, n - r));
            if (inPlace)
            {
                // One SIMD pass over the memory itself: libtorch's float64 sum converts each chunk into a temporary first,
                // which made this check take 10 s of a 2.1 GiB index's load here.
                var at = FirstNonFinite(MemoryMarshal.Cast<byte, float>(part.bytes));
                if (at >= 0) return r + at / width;
                continue;
            }
            // A float64 sum of float32 values cannot overflow, so it is finite exactly when every value is.
            using var sum = part.sum(ScalarType.Float64);
            if (double.IsFinite(sum.item<double>())) continue;
            using var rows = part.isfinite().all(1).logical_not().nonzero();
            if (rows.shape[0] > 0) return r + rows[0, 0].item<long>();
        }
        return -1;
    }

    /// <summary>The position of the first NaN or infinity in <paramref name="values"/>, or -1 (x - x is 0 exactly when x is finite).</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (var v = 0; v < vectors.Length; v++, i += Vector<float>.Count)
                if (!Vector.EqualsAll(vectors[v] - vectors[v], Vector<float>.Zero)) break;
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    static void EnsureFiniteQueries(Tensor queries)
    {
        var row = FirstNonFiniteRow(queries);
        if (row >= 0)
            throw new ArgumentException($"Query {row} of {queries.shape[0]} holds NaN or infinite values; nearest neighbours of it are meaningless. " +
                "The model that embedded it has diverged (retrain it) or the query image is not finite.");
    }

    Tensor? squaredNorms;

    /// <summary>||e||^2 of every entry as [N], computed once (owned by the index).</summary>
    Tensor SquaredNorms
    {
        get
        {
            if (squaredNorms is null)
            {
                using var noGrad = no_grad();
                var norms = empty(Count, ScalarType.Float32, device: Device);
                var rows = Math.Max(1, IoChunkBytes / (Math.Max(1, Dimension) * sizeof(float)));
                for (long r = 0; r < Count; r += rows)   // in chunks: no temporary of the index's size
                {
                    using var scope = NewDisposeScope();
                    var len = Math.Min(rows, Count - r);
                    norms.narrow(0, r, len).copy_(Embeddings.narrow(0, r, len).pow(2).sum(1));
                }
                squaredNorms = norms;
            }
            return squaredNorms;
        }
    }

    /// <summary>
    /// When two or more libtorch threads multiply (the batch is not split over threads), the fewest blocks per query batch for
    /// which the CPU scan overlaps the next product: with 3 blocks (10k entries) the hand-over cost more than it saved
    /// (10-16 % of GEMM against 14-28 % scanned in line), with 25 (100k) it gained 2-14 points (median 7) in 8 paired runs.
    /// </summary>
    const int PipelineBlocks = 8;

    /// <summary>Fewest query rows per worker of the CPU search (<see cref="OnRowWorkers"/>).</summary>
    const int MinRowsPerWorker = 64;

    /// <summary>Row tiles per worker thread (<see cref="OnRowWorkers"/>), and the fewest rows a tile is cut to.</summary>
    const int TilesPerWorker = 4, MinRowsPerTile = 32;

    /// <summary>Tests: split every CPU query batch over this many threads (null: <see cref="RowWorkers"/> decides).</summary>
    internal static int? RowWorkersOverride;

    /// <summary>
    /// Threads a CPU query batch of <paramref name="rows"/> is split over: one per libtorch thread, at most one per
    /// <see cref="MinRowsPerWorker"/> rows; 1 (libtorch's threads multiply, <see cref="PipelineBlocks"/>) where the
    /// per-thread settings of <see cref="NativeThreads"/> are unavailable.
    /// </summary>
    internal static int RowWorkers(int rows) => RowWorkersOverride is { } w ? Math.Clamp(w, 1, Math.Max(1, rows))
        : !NativeThreads.Available ? 1 : Math.Clamp(Math.Min(torch.get_num_threads(), rows / MinRowsPerWorker), 1, 64);

    /// <summary>
    /// Threads this index's search splits a query batch of <paramref name="rows"/> over: <see cref="RowWorkers"/> on the
    /// CPU path, 1 on the tensor-kernel path (CUDA). The GEMM floor and the benchmark ask the same question here.
    /// </summary>
    internal int SearchWorkers(int rows) => Device.type == DeviceType.CPU && !UseTensorKernels ? RowWorkers(rows) : 1;

    /// <summary>Tests: run the tensor-kernel path (the one CUDA uses) on the CPU too.</summary>
    internal static bool UseTensorKernels;

    /// <summary>One tile of the search: database entries [Start, Start + Length).</summary>
    readonly record struct Chunk(int Start, int Length, float MinSquaredNorm);

    /// <summary>Entries per group of the candidate test (<see cref="MergeCandidates"/>).</summary>
    const int Group = 16;

    /// <summary>
    /// The database chunks of a search: first a "warm" chunk (about 2048 entries, plus the remainder that keeps every later
    /// chunk a multiple of <see cref="Group"/>) whose full top-k seeds every query's running top-k, then chunks of about
    /// <paramref name="blockElements"/> / batch entries.
    /// </summary>
    List<Chunk> Plan(int k, int batch, long blockElements)
    {
        var chunk = (int)Math.Clamp(blockElements / Math.Max(1, batch) / Group * Group, Group, Math.Max(Group, Count / Group * Group));
        var warm = Math.Min(Count, Math.Max(k + 1, 2048));
        warm += (Count - warm) % Group;
        var starts = new List<(int, int)> { (0, warm) };
        for (var c0 = warm; c0 < Count; c0 += chunk) starts.Add((c0, Math.Min(chunk, Count - c0)));
        using var noGrad = no_grad();
        var norms = SquaredNorms;
        return starts.Select(s => { using var m = norms.narrow(0, s.Item1, s.Item2).min(); return new Chunk(s.Item1, s.Item2, m.item<float>()); }).ToList();
    }

    static void CheckArguments(int k, int available, int count, int queryBatch)
    {
        if (k < 1 || k > available)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {available} (the index holds {count} entries).");
        if (queryBatch < 1) throw new ArgumentOutOfRangeException(nameof(queryBatch), queryBatch, "The query batch must be at least 1.");
    }

    /// <summary>
    /// Exact k nearest entries of each query [Q, D] by Euclidean distance, nearest first (ties: lower index first):
    /// (indices [Q, k] int64, distances [Q, k] float32), on the index's device. <paramref name="exclude"/>[q], when given
    /// and >= 0, is a database index that query q must not retrieve (itself, when the queries are the database).
    /// <para>
    /// Work is tiled: batches of up to <paramref name="queryBatch"/> queries against chunks of the database, so that one
    /// score block holds about <paramref name="blockElements"/> floats; the full distance matrix is never built. Each block
    /// is one matrix product s = q.e; candidates are ranked by ||e||^2 - 2 s (the fused expansion of ||q - e||^2 without
    /// the constant ||q||^2). After a small first chunk has seeded each query's running top-k, a block keeps only entries
    /// that can beat the query's current k-th best: s &gt; (min ||e||^2 - tau) / 2 (a superset, tested in one pass),
    /// whose exact scores are merged into per-query bounded heaps; a block where too many pass falls back to a top-k.
    /// Finally the exact distances ||q - e|| of the k (+ 8, for near-ties) survivors are computed directly from the vectors (no cancellation,
    /// so an entry identical to the query is at distance 0) and the survivors are ordered by them.
    /// </para>
    /// <para>
    /// On the CPU with two or more libtorch threads, each batch's rows are split over one thread per libtorch thread
    /// (<see cref="OnRowWorkers"/>): each multiplies its rows single-threaded and scans the block it just wrote, so the
    /// scan runs on every core and reads from cache. Each query's offers arrive in the same order either way, so the
    /// results do not depend on the split.
    /// </para>
    /// </summary>
    public (Tensor Indices, Tensor Distances) Search(Tensor queries, int k, IReadOnlyList<long>? exclude = null, long blockElements = 1L << 22, int queryBatch = 1024)
    {
        if (queries.dim() == 1) queries = queries.unsqueeze(0);
        if (queries.dim() != 2 || queries.shape[1] != Dimension)
            throw new ArgumentException($"Queries must be [Q, {Dimension}]; got [{string.Join(", ", queries.shape)}]. Embed them with the model that built the index.");
        CheckArguments(k, Count - (exclude is null ? 0 : 1), Count, queryBatch);
        if (exclude is not null && exclude.Count != queries.shape[0])
            throw new ArgumentException($"exclude has {exclude.Count} entries for {queries.shape[0]} queries.", nameof(exclude));
        EnsureFiniteQueries(queries);
        var q = (int)queries.shape[0];
        var batch = Math.Min(queryBatch, Math.Max(1, q));
        // A few more survivors than asked for, so near-ties of the expansion are settled by the exact distances.
        var keep = Math.Min(k + 8, Count - (exclude is null ? 0 : 1));
        var plan = Plan(keep, batch, blockElements);
        var outIdx = new long[(long)q * k];
        var outDist = new float[(long)q * k];
        using (no_grad())
        {
            for (var start = 0; start < q; start += batch)
            {
                using var scope = NewDisposeScope();
                var qb = queries.narrow(0, start, Math.Min(batch, q - start)).to(Device).to_type(ScalarType.Float32).contiguous();
                var workers = SearchWorkers((int)qb.shape[0]);
                // One libtorch thread asked for: no second thread for the scan either.
                if (workers == 1) SearchRows(qb, start, plan, k, keep, exclude, outIdx, outDist, overlap: torch.get_num_threads() > 1);
                else OnRowWorkers(qb, workers, plan, (part, r0, buffer) => SearchRows(part, start + r0, plan, k, keep, exclude, outIdx, outDist, overlap: false, buffer));   // returns before start moves on
            }
        }
        return (tensor(outIdx, [q, k], device: Device), tensor(outDist, [q, k], device: Device));
    }

    /// <summary>
    /// The search of the queries <paramref name="qb"/> [rows, D] (float32, on the index's device), which are queries
    /// <paramref name="firstQuery"/>.. of the call: their own running top-k over every chunk of the plan, then the exact
    /// distances of the survivors, written to their rows of <paramref name="outIdx"/> / <paramref name="outDist"/>.
    /// With <paramref name="overlap"/> and enough blocks, the CPU scan of block i runs on a second thread while libtorch
    /// multiplies block i + 1.
    /// </summary>
    void SearchRows(Tensor qb, int firstQuery, List<Chunk> plan, int k, int keep, IReadOnlyList<long>? exclude, long[] outIdx, float[] outDist, bool overlap, Tensor? buffer = null)
    {
        using var scope = NewDisposeScope();
        var len = (int)qb.shape[0];
        var norms = SquaredNorms;   // computed once by Plan, before any worker starts
        var heaps = new RunningTopK(len, keep);
        var excl = exclude is null ? null : Enumerable.Range(firstQuery, len).Select(i => exclude[i]).ToArray();
        if (Device.type == DeviceType.CPU && !UseTensorKernels)
        {
            // Two score buffers when overlapping: while one thread scans block i, libtorch multiplies block i + 1 into the
            // other buffer, so its threads compute instead of spinning through the scan. Scans stay in block order (each
            // waits for the previous one), so the heaps see the same offers in the same order as a sequential search.
            var pipelined = overlap && plan.Count >= PipelineBlocks;
            var one = buffer ?? ScoreBuffer(plan, len);
            Tensor[] buffers = [one, pipelined ? ScoreBuffer(plan, len) : one];
            Task? scanning = null;
            for (var b = 0; b < plan.Count; b++)
            {
                var c = plan[b];
                var s = Scores(buffers[b % 2], qb, c);   // [len, clen]; when pipelined, block b - 1 is being scanned meanwhile
                scanning?.Wait();
                if (pipelined) scanning = Task.Run(() => ScanRows(s, norms, c, heaps, excl));
                else ScanRows(s, norms, c, heaps, excl);
            }
            scanning?.Wait();
        }
        else
        {
            buffer ??= ScoreBuffer(plan, len);
            var first = true;
            foreach (var c in plan)
            {
                using var blockScope = NewDisposeScope();
                var s = Scores(buffer, qb, c);   // [len, clen]
                var n = norms.narrow(0, c.Start, c.Length);
                if (!first && MergeCandidates(s, n, c, heaps, excl)) continue;
                first = false;
                MergeTopK(s, n, c, heaps, excl);
            }
        }
        // Exact distances of the survivors, directly from the vectors, then order by them.
        var idx = heaps.Indices();
        var exact = ExactDistances(qb, idx, len, keep);
        var order = new int[keep];
        for (var i = 0; i < len; i++)
        {
            var row = i * keep;
            // Insertion sort of the few survivors by (exact distance, index): no comparer delegate per query.
            for (var j = 0; j < keep; j++)
            {
                var m = j;
                for (; m > 0 && After(order[m - 1], j); m--) order[m] = order[m - 1];
                order[m] = j;
            }
            bool After(int a, int b) => exact[row + a] > exact[row + b] || (exact[row + a] == exact[row + b] && idx[row + a] > idx[row + b]);
            for (var j = 0; j < k; j++)
            {
                outIdx[(long)(firstQuery + i) * k + j] = idx[row + order[j]];
                outDist[(long)(firstQuery + i) * k + j] = exact[row + order[j]];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>(rows, first row, score buffer) over tiles of contiguous rows of <paramref name="qb"/>
    /// on <paramref name="workers"/> threads, each with libtorch's native code single-threaded for that thread only
    /// (<see cref="NativeThreads"/>): one single-threaded product per core, each block scanned by the thread that made
    /// it while it is still in cache, and no OpenMP team spinning between products. There are a few tiles per thread,
    /// taken in turn, so a thread the VM slows down takes fewer (a fixed half each: one thread finished up to 30 % after
    /// the other); each thread reuses one score buffer for its tiles.
    /// </summary>
    void OnRowWorkers(Tensor qb, int workers, List<Chunk> plan, Action<Tensor, int, Tensor> work)
    {
        var rows = (int)qb.shape[0];
        var tiles = Math.Clamp(rows / MinRowsPerTile, workers, workers * TilesPerWorker);
        var tileRows = (rows + tiles - 1) / tiles;
        var next = -1;
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                using var single = NativeThreads.SingleThreaded();
                using var noGrad = no_grad();   // grad mode is per thread
                using var buffer = ScoreBuffer(plan, tileRows);
                for (int t; (t = Interlocked.Increment(ref next)) < tiles;)
                {
                    var start = (int)((long)rows * t / tiles);
                    var length = (int)((long)rows * (t + 1) / tiles) - start;
                    using var part = qb.narrow(0, start, length);
                    work(part, start, buffer);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // The caller sees the error a one-thread search would have raised, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// CPU: one SIMD pass of managed code over the score block in place (no copy): per query, lanes whose
    /// score can beat the current k-th best (s &gt; (min ||e||^2 - tau) / 2, a superset) are scored exactly, n + (-2 s), and
    /// offered to the query's heap, whose threshold tightens as it fills. No top-k kernel and no extra tensor per block.
    /// Called by the thread that multiplied the block (rows split over threads, <see cref="OnRowWorkers"/>), or, when
    /// libtorch's threads multiply, by one thread while they multiply the next block (<see cref="SearchRows"/>).
    /// </summary>
    static void ScanRows(Tensor s, Tensor norms, Chunk c, RunningTopK heaps, long[]? exclude)
    {
        var scores = MemoryMarshal.Cast<byte, float>(s.bytes);
        var n = MemoryMarshal.Cast<byte, float>(norms.bytes).Slice(c.Start, c.Length);
        for (var i = 0; i < heaps.Rows; i++)
        {
            var row = scores.Slice(i * c.Length, c.Length);
            var skip = exclude is null ? -1L : exclude[i] - c.Start;
            var tau = heaps.Threshold(i);
            var th = Bound(c.MinSquaredNorm, tau);
            for (var j = FirstAbove(row, 0, th); j < row.Length; j = FirstAbove(row, j + 1, th))
            {
                var d = n[j] + (-2f * row[j]);
                if (d > tau || j == skip) continue;
                if (heaps.Offer(i, d, c.Start + j)) { tau = heaps.Threshold(i); th = Bound(c.MinSquaredNorm, tau); }
            }
        }
    }

    /// <summary>
    /// The first position at or after <paramref name="from"/> whose score exceeds <paramref name="threshold"/>, or the
    /// row's length when none does: compares the widest vectors the CPU has (AVX-512: 16 lanes), then the tail one by one.
    /// </summary>
    internal static int FirstAbove(ReadOnlySpan<float> row, int from, float threshold)
    {
        var j = from;
        ref var start = ref MemoryMarshal.GetReference(row);
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(threshold);
            for (; j + Vector512<float>.Count <= row.Length; j += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref start, (nuint)j), t).ExtractMostSignificantBits();
                if (mask != 0) return j + BitOperations.TrailingZeroCount(mask);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            for (; j + Vector256<float>.Count <= row.Length; j += Vector256<float>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)j), t).ExtractMostSignificantBits();
                if (mask != 0) return j + BitOperations.TrailingZeroCount(mask);
            }
        }
        for (; j < row.Length; j++)
            if (row[j] > threshold) return j;
        return row.Length;
    }

    /// <summary>The score a candidate must exceed: d = n - 2 s &lt; tau implies s &gt; (min n - tau) / 2; the margin covers float rounding.</summary>
    static float Bound(float minNorm, float tau) => float.IsPositiveInfinity(tau) ? float.NegativeInfinity
        : (float)((minNorm - (double)tau) / 2 - 1e-5 * (1 + Math.Abs(minNorm) + Math.Abs((double)tau)));

    /// <summary>||q_i - e_j|| for the survivors <paramref name="idx"/> [len * k] of each query, computed directly from the vectors (float32, no expansion).</summary>
    float[] ExactDistances(Tensor qb, long[] idx, int len, int k)
    {
        if (Device.type == DeviceType.CPU)
        {
            var result = new float[len * k];
            using var survivors = tensor(idx);
            using var rows = Embeddings.index_select(0, survivors);   // [len * k, D], contiguous
            var e = MemoryMarshal.Cast<byte, float>(rows.bytes);
            var q = MemoryMarshal.Cast<byte, float>(qb.bytes);
            var d = Dimension;
            for (var i = 0; i < len; i++)
                for (var j = 0; j < k; j++)
                {
                    var er = e.Slice((i * k + j) * d, d);
                    var qr = q.Slice(i * d, d);
                    var sum = 0f;
                    for (var t = 0; t < d; t++) { var diff = qr[t] - er[t]; sum += diff * diff; }
                    result[i * k + j] = MathF.Sqrt(sum);
                }
            return result;
        }
        using var scope = NewDisposeScope();
        var idxT = tensor(idx, [len, k], device: Device);
        var diffT = Embeddings.index_select(0, idxT.flatten()).view(len, k, Dimension) - qb.unsqueeze(1);
        return diffT.pow(2).sum(2).sqrt().cpu().data<float>().ToArray();
    }

    /// <summary>Top-k of a whole block merged into the heaps (used to seed them, and when too many entries pass the threshold).</summary>
    static void MergeTopK(Tensor s, Tensor norms, Chunk c, RunningTopK heaps, long[]? exclude)
    {
        var take = Math.Min(heaps.K + (exclude is null ? 0 : 1), c.Length);
        var d = s.mul(-2).add_(norms.unsqueeze(0));   // ||e||^2 - 2 q.e
        var (v, ix) = d.topk(take, dim: 1, largest: false, sorted: true);
        var vals = v.cpu().data<float>().ToArray();
        var cols = ix.cpu().data<long>().ToArray();
        for (var i = 0; i < heaps.Rows; i++)
            for (var j = 0; j < take; j++)
            {
                var e = c.Start + cols[i * take + j];
                if (exclude is not null && exclude[i] == e) continue;
                if (!heaps.Offer(i, vals[i * take + j], e)) break;   // sorted: the rest cannot enter either
            }
    }

    /// <summary>
    /// Merges the entries of a block that can beat each query's current k-th best. The block's columns form groups of
    /// <see cref="Group"/> entries {j, j + G, j + 2G, ...} (G = length / Group); one vertical max over the block's
    /// [rows, Group, G] view gives each group's best score, and only groups whose best passes the query's threshold are
    /// read back and merged exactly. Returns false (nothing merged) when too many groups pass for this to pay off, so
    /// the caller takes the block's top-k instead.
    /// </summary>
    static bool MergeCandidates(Tensor s, Tensor norms, Chunk c, RunningTopK heaps, long[]? exclude)
    {
        // d = n - 2 s < tau  implies  s > (n - tau) / 2 >= (min n - tau) / 2; the margin covers float rounding.
        var rowsN = heaps.Rows;
        var th = new float[rowsN];
        for (var i = 0; i < rowsN; i++)
        {
            var tau = (double)heaps.Threshold(i);
            th[i] = double.IsPositiveInfinity(tau) ? float.NegativeInfinity
                : (float)((c.MinSquaredNorm - tau) / 2 - 1e-5 * (1 + Math.Abs(c.MinSquaredNorm) + Math.Abs(tau)));
        }
        var g = c.Length / Group;   // groups per row; c.Length is a multiple of Group
        using var thT = tensor(th, [rowsN, 1], device: s.device);
        using var best = s.view(rowsN, Group, g).amax([1]);   // [rows, g]
        using var pass = best.gt(thT);
        using var nz = pass.nonzero();   // [M, 2] (row, group)
        var m = nz.shape[0];
        if (m == 0) return true;
        if (m * Group > (long)rowsN * c.Length / 8 || m > 1 << 18) return false;
        using var offsets = arange(0, (long)Group * g, g, dtype: ScalarType.Int64, device: s.device).unsqueeze(0);   // [1, Group]
        using var rows = nz.select(1, 0);
        using var local = nz.select(1, 1).unsqueeze(1) + offsets;   // [M, Group] entry within the chunk
        using var flat = rows.unsqueeze(1) * c.Length + local;    // [M, Group] position in the block
        using var sFlat = s.view(-1);
        using var sv = sFlat.index_select(0, flat.view(-1)).cpu();
        using var nv = norms.index_select(0, local.view(-1)).cpu();
        using var rowsCpu = rows.contiguous().cpu();
        using var localCpu = local.contiguous().cpu();
        var sc = MemoryMarshal.Cast<byte, float>(sv.bytes);
        var nn = MemoryMarshal.Cast<byte, float>(nv.bytes);
        var rw = MemoryMarshal.Cast<byte, long>(rowsCpu.bytes);
        var lc = MemoryMarshal.Cast<byte, long>(localCpu.bytes);
        for (var p = 0; p < m; p++)
        {
            var i = (int)rw[p];
            var tau = heaps.Threshold(i);
            for (var t = 0; t < Group; t++)
            {
                var q = p * Group + t;
                var d = nn[q] + (-2f * sc[q]);   // the same float32 expression as MergeTopK: n + (-2 s)
                if (d > tau) continue;
                var e = c.Start + lc[q];
                if (exclude is not null && exclude[i] == e) continue;
                if (heaps.Offer(i, d, e)) tau = heaps.Threshold(i);
            }
        }
        return true;
    }

    /// <summary>
    /// Runs only the matrix products <see cref="Search"/> computes, on the same query batches and database chunks, and
    /// discards them: the dense-GEMM floor a benchmark compares the search with. <paramref name="perCore"/> false: each
    /// product on libtorch's own threads; true (CPU only): as the CPU search does with two or more threads, each batch's
    /// row tiles taken in turn by one single-threaded thread per libtorch thread (<see cref="OnRowWorkers"/>). A
    /// benchmark takes the faster.
    /// </summary>
    public void MultiplyBlocks(Tensor queries, int k, long blockElements = 1L << 22, int queryBatch = 1024, bool perCore = false)
    {
        if (queries.dim() != 2 || queries.shape[1] != Dimension) throw new ArgumentException($"Queries must be [Q, {Dimension}].");
        CheckArguments(k, Count, Count, queryBatch);
        var q = (int)queries.shape[0];
        var batch = Math.Min(queryBatch, Math.Max(1, q));
        var plan = Plan(k, batch, blockElements);
        using var noGrad = no_grad();
        for (var start = 0; start < q; start += batch)
        {
            using var scope = NewDisposeScope();
            var qb = queries.narrow(0, start, Math.Min(batch, q - start)).to(Device).to_type(ScalarType.Float32).contiguous();
            var workers = perCore ? SearchWorkers((int)qb.shape[0]) : 1;
            if (workers == 1)
            {
                using var buffer = ScoreBuffer(plan, (int)qb.shape[0]);
                MultiplyRows(qb, plan, buffer);
            }
            else OnRowWorkers(qb, workers, plan, (part, _, buffer) => MultiplyRows(part, plan, buffer));
        }
    }

    void MultiplyRows(Tensor qb, List<Chunk> plan, Tensor buffer)
    {
        foreach (var c in plan)
        {
            using var s = Scores(buffer, qb, c);
        }
    }

    // One score buffer per query batch, as large as the plan's largest block: every block's product is written into it
    // (a fresh tensor per block costs a fresh mapping and its page faults each time, as much as the product itself here).
    Tensor ScoreBuffer(List<Chunk> plan, int queries) =>
        empty((long)queries * plan.Max(c => c.Length), ScalarType.Float32, device: Device);

    // s = q.e for the block's entries [len, clen], contiguous, in the buffer (beta 0: the buffer's old values are not read).
    Tensor Scores(Tensor buffer, Tensor qb, Chunk c)
    {
        var s = buffer.narrow(0, 0, qb.shape[0] * c.Length).view(qb.shape[0], c.Length);
        using var e = Embeddings.narrow(0, c.Start, c.Length).t();
        return s.addmm_(qb, e, beta: 0, alpha: 1);
    }

    /// <summary>The top-k of one query embedding [D] or [1, D] as ranked results (labels, class names, paths).</summary>
    public RankedResult[] SearchOne(Tensor query, int k, long exclude = -1)
    {
        var (idx, dist) = Search(query.dim() == 1 ? query.unsqueeze(0) : query, k, exclude >= 0 ? [exclude] : null);
        using (idx) using (dist) return Describe(idx[0], dist[0]);
    }

    /// <summary>Turns one row of <see cref="Search"/> output into ranked results.</summary>
    public RankedResult[] Describe(Tensor indicesRow, Tensor distancesRow)
    {
        var idx = indicesRow.cpu().data<long>().ToArray();
        var dist = distancesRow.cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        return idx.Select((ix, r) => new RankedResult(r + 1, ix, Labels[ix], ClassNames[Labels[ix]], dist[r], Paths?[ix])).ToArray();
    }

    /// <summary>
    /// Writes the index atomically as a <see cref="VersionedFile"/>: JSON header (count, dimension, fingerprint, class
    /// names, image shape, database hash, files, metadata), then the payload: int64 labels [N] and float32 embeddings
    /// [N, D] row-major, little-endian, written in chunks (no array of the whole index), then the SHA-256 trailer.
    /// </summary>
    public void Save(string path)
    {
        var header = new JsonObject
        {
            ["format"] = "fewshot-retrieval-index",
            ["formatVersion"] = FormatVersion,
            ["count"] = Count,
            ["dimension"] = Dimension,
            ["fingerprint"] = Fingerprint,
            ["classNames"] = new JsonArray(ClassNames.Select(c => (JsonNode?)c).ToArray()),
            ["imageShape"] = ImageShape is null ? null : new JsonObject { ["channels"] = ImageShape.Channels, ["height"] = ImageShape.Height, ["width"] = ImageShape.Width },
            ["databaseHash"] = DatabaseHash,
            ["paths"] = Paths is null || Files is not null ? null : new JsonArray(Paths.Select(p => (JsonNode?)p).ToArray()),
            ["files"] = Files is null ? null : new JsonArray(Files.Select(f => (JsonNode?)new JsonObject
            {
                ["path"] = f.Path, ["length"] = f.Length, ["lastWriteUtcTicks"] = f.LastWriteUtc.Ticks, ["sha256"] = f.Sha256,
            }).ToArray()),
            ["metadata"] = new JsonObject(Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        VersionedFile.Write(path, Magic, FormatVersion, header, w =>
        {
            w.Write(MemoryMarshal.AsBytes(Labels.AsSpan()));
            var rows = Math.Max(1, IoChunkBytes / (Dimension * sizeof(float)));
            using var noGrad = no_grad();
            for (long r = 0; r < Count; r += rows)
            {
                using var part = Embeddings.narrow(0, r, Math.Min(rows, Count - r)).detach().cpu().contiguous();
                w.Write(part.bytes);
            }
        });
    }

    /// <summary>
    /// Reads an index written by <see cref="Save"/> onto <paramref name="device"/>. With <paramref name="expectedFingerprint"/>
    /// (the fingerprint of the model about to embed the queries), refuses an index built by another model. Refuses foreign,
    /// truncated, corrupt (checksum), incomplete (missing fields), oversized (counts that do not match the bytes present,
    /// checked before allocating), non-finite and old-version files with a message naming the file and the fix. With
    /// <paramref name="checkFiles"/> (default), also refuses an index whose image files changed since it was built
    /// (<see cref="EnsureFilesCurrent"/>).
    /// </summary>
    public static RetrievalIndex Load(string path, string? expectedFingerprint = null, Device? device = null, bool checkFiles = true)
    {
        const string remedy = "Build it with `fewshot index --data <data> --model <checkpoint> --out <file>`.";
        using var file = VersionedFile.Open(path, Magic, FormatVersion, "FewShotLearn retrieval index", remedy);
        var fingerprint = file.Required<string>("fingerprint");
        if (expectedFingerprint is not null && expectedFingerprint != fingerprint)
            throw new InvalidDataException($"Index '{path}' was built by model {fingerprint}, but the model given has fingerprint {expectedFingerprint}: " +
                "its embeddings are not comparable. Rebuild the index with this model: `fewshot index --data <data> --model <checkpoint> --out " + path + "`.");
        var count = (int)file.CheckCount("count", file.Required<long>("count"), 1, Array.MaxLength);
        var dim = (int)file.CheckCount("dimension", file.Required<long>("dimension"), 1, MaxDimension);
        var needed = (long)count * sizeof(long) + (long)count * dim * sizeof(float);
        if (file.PayloadLength != needed)
            throw file.Corrupt($"{count} entries x {dim} dimensions need {needed} bytes of labels and embeddings; the file holds {file.PayloadLength}");
        string[] Strings(JsonArray a, string name) => a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw file.Corrupt($"'{name}' holds a non-string")).ToArray();
        var classNames = Strings(file.RequiredArray("classNames"), "classNames");
        file.CheckCount("classNames", classNames.Length, 1, count);
        ImageShape? shape = null;
        if (file.RequiredNode("imageShape") is JsonObject so)
        {
            int Side(string n) => so[n] is JsonValue v && v.TryGetValue<int>(out var x) && x >= 1 && x <= 1 << 16 ? x : throw file.Corrupt($"imageShape.{n} is missing or out of range");
            shape = new ImageShape(Side("channels"), Side("height"), Side("width"));
        }
        var databaseHash = file.RequiredNode("databaseHash") is JsonValue hv ? hv.GetValue<string>() : null;
        string[]? paths = file.RequiredNode("paths") is JsonArray pa ? Strings(pa, "paths") : null;
        IndexedFile[]? files = null;
        if (file.RequiredNode("files") is JsonArray fa)
        {
            files = fa.Select(n => n is JsonObject f
                && f["path"] is JsonValue p && p.TryGetValue<string>(out var fp)
                && f["length"] is JsonValue l && l.TryGetValue<long>(out var fl) && fl >= 0
                && f["lastWriteUtcTicks"] is JsonValue t && t.TryGetValue<long>(out var ft) && ft >= DateTime.MinValue.Ticks && ft <= DateTime.MaxValue.Ticks
                && f["sha256"] is JsonValue h && h.TryGetValue<string>(out var fh)
                ? new IndexedFile(fp, fl, new DateTime(ft, DateTimeKind.Utc), fh)
                : throw file.Corrupt("a 'files' record lacks path, length, lastWriteUtcTicks or sha256")).ToArray();
        }
        if ((paths?.Length ?? count) != count || (files?.Length ?? count) != count)
            throw file.Corrupt($"{count} entries but {(files?.Length ?? paths!.Length)} file records");
        var metadata = file.RequiredObject("metadata").ToDictionary(kv => kv.Key,
            kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw file.Corrupt($"metadata '{kv.Key}' is not a string"));

        var labels = new long[count];
        file.ReadExactly(MemoryMarshal.AsBytes(labels.AsSpan()));
        var target = empty([count, dim], ScalarType.Float32, device: CPU);
        Runtime.Native.HugePages.Advise(target);   // before the first touch: 2 MiB pages where the kernel only gives them when asked
        var owned = true;
        try
        {
            // Straight into the tensor's memory, a chunk at a time: no managed buffer and no copy (a buffer, a tensor made
            // from it and a copy into place cost 9 of the 23 s a 2.1 GiB index took to load here).
            var rows = (int)Math.Max(1, IoChunkBytes / (dim * sizeof(float)));
            for (long r = 0; r < count; r += rows)
            {
                using var slice = target.narrow(0, r, Math.Min(rows, count - r));
                file.ReadExactly(slice.bytes);
            }
            file.EnsureConsumed();
            var dev = device ?? Devices.Default;
            var emb = target;
            if (dev.type != DeviceType.CPU) { emb = target.to(dev); target.Dispose(); }
            owned = false;
            try
            {
                var index = new RetrievalIndex(emb, labels, classNames, fingerprint, paths, metadata, shape, databaseHash, files);
                if (checkFiles)
                {
                    try { index.EnsureFilesCurrent(path); }
                    catch { index.Dispose(); throw; }
                }
                return index;
            }
            catch (ArgumentException e)
            {
                emb.Dispose();
                throw file.Corrupt(e.Message, e);
            }
        }
        finally
        {
            if (owned) target.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() { squaredNorms?.Dispose(); Embeddings.Dispose(); }

    /// <inheritdoc />
    public override string ToString() => $"RetrievalIndex: {Count} x {Dimension}, {ClassNames.Length} classes, model {Fingerprint}, on {Device}";

    /// <summary>Per-query bounded max-heaps of the best (score, index) pairs seen so far; ties: the lower index is better.</summary>
    sealed class RunningTopK
    {
        readonly float[] score;
        readonly long[] index;
        readonly int[] size;

        public RunningTopK(int rows, int k) { Rows = rows; K = k; score = new float[rows * k]; index = new long[rows * k]; size = new int[rows]; }

        public int Rows { get; }
        public int K { get; }

        /// <summary>The k-th best score of a full row (+infinity while the row holds fewer than k).</summary>
        public float Threshold(int row) => size[row] < K ? float.PositiveInfinity : score[row * K];

        static bool Worse(float s1, long i1, float s2, long i2) => s1 > s2 || (s1 == s2 && i1 > i2);

        /// <summary>Offers a pair to a row; false when it does not enter (the row is full and it is not better than the worst kept).</summary>
        public bool Offer(int row, float s, long i)
        {
            var b = row * K;
            if (size[row] < K)
            {
                var c = size[row]++;
                score[b + c] = s; index[b + c] = i;
                while (c > 0)   // sift up (max-heap: the worst at the root)
                {
                    var p = (c - 1) / 2;
                    if (!Worse(score[b + c], index[b + c], score[b + p], index[b + p])) break;
                    Swap(b + c, b + p); c = p;
                }
                return true;
            }
            if (!Worse(score[b], index[b], s, i)) return false;
            score[b] = s; index[b] = i;
            for (var c = 0; ;)   // sift down
            {
                int l = 2 * c + 1, r = l + 1, w = c;
                if (l < K && Worse(score[b + l], index[b + l], score[b + w], index[b + w])) w = l;
                if (r < K && Worse(score[b + r], index[b + r], score[b + w], index[b + w])) w = r;
                if (w == c) break;
                Swap(b + c, b + w); c = w;
            }
            return true;
        }

        void Swap(int a, int b) { (score[a], score[b]) = (score[b], score[a]); (index[a], index[b]) = (index[b], index[a]); }

        /// <summary>Each row's k indices, in heap order (the caller orders them by exact distance): [rows * k].</summary>
        public long[] Indices()
        {
            for (var row = 0; row < Rows; row++)
                if (size[row] < K) throw new InvalidOperationException($"Query {row} found only {size[row]} of {K} neighbours.");
            return index;
        }
    }
}
