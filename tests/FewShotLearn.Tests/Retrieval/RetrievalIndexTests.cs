using FewShotLearn.Runtime.Native;
using FewShotLearn.Tests.Evaluation;

namespace FewShotLearn.Tests.Retrieval;

public class RetrievalIndexTests
{
    static RetrievalIndex RandomIndex(int n = 50, int d = 8, int seed = 0, string fingerprint = "abc123")
    {
        manual_seed(seed);
        var e = nn.functional.normalize(randn(n, d), p: 2, dim: 1);
        var labels = Enumerable.Range(0, n).Select(i => (long)(i % 5)).ToArray();
        return new RetrievalIndex(e, labels, ["a", "b", "c", "d", "e"], fingerprint,
            Enumerable.Range(0, n).Select(i => $"img/{i}.png").ToArray(), new Dictionary<string, string> { ["source"] = "test" });
    }

    [Fact]
    public void SearchEqualsBruteForceAndRespectsExclusion()
    {
        using var index = RandomIndex();
        manual_seed(9);
        var q = nn.functional.normalize(randn(7, 8), p: 2, dim: 1);
        // Tiny blocks force several query batches.
        var (idx, dist) = index.Search(q, 4, blockElements: 100, queryBatch: 3);
        var full = PairwiseDistances.Euclidean(q, index.Embeddings);
        for (int i = 0; i < 7; i++)
        {
            var row = full[i].data<float>().ToArray();
            var expected = Enumerable.Range(0, 50).OrderBy(j => row[j]).Take(4).ToArray();
            Assert.Equal(expected.Select(j => (long)j), idx[i].data<long>().ToArray());
            for (int r = 0; r < 4; r++) Assert.Equal(row[expected[r]], dist[i, r].item<float>(), 4);
        }
        // Querying with database entries and excluding themselves never returns the query.
        var self = index.Embeddings.narrow(0, 0, 5);
        var (own, _) = index.Search(self, 3, exclude: [0, 1, 2, 3, 4], blockElements: 40, queryBatch: 2);
        for (int i = 0; i < 5; i++) Assert.DoesNotContain((long)i, own[i].data<long>().ToArray());
        var (withSelf, d0) = index.Search(self, 1);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, withSelf.squeeze(1).data<long>().ToArray());
        Assert.True(d0.max().item<float>() < 1e-3);
    }

    [Fact]
    public void SaveLoadRoundTripIsExactAndLeavesNoTempFiles()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-index");
        var path = Path.Combine(dir.FullName, "db.fsi");
        using var index = RandomIndex();
        index.Save(path);
        index.Save(path); // overwrite
        Assert.Equal(["db.fsi"], dir.GetFiles().Select(f => f.Name));
        using var back = RetrievalIndex.Load(path, "abc123", CPU);
        Assert.True(back.Embeddings.eq(index.Embeddings).all().item<bool>());
        Assert.Equal(index.Labels, back.Labels);
        Assert.Equal(index.ClassNames, back.ClassNames);
        Assert.Equal(index.Paths, back.Paths);
        Assert.Equal("test", back.Metadata["source"]);
        Assert.Equal("abc123", back.Fingerprint);
    }

    [Fact]
    public void AnIndexOfSeveralReadChunksRoundTripsExactlyAndANonFiniteValueInALaterChunkIsFoundAtItsRow()
    {
        // 70,000 x 64 floats is 17.1 MiB: more than one 16 MiB chunk, so load reads two chunks into place and the finiteness
        // check scans two; a chunk written at the wrong offset or not at all would change the embeddings.
        manual_seed(4);
        var e = randn(70_000, 64);
        var labels = new long[70_000];
        var path = Path.Combine(Directory.CreateTempSubdirectory("fsl-index").FullName, "big.fsi");
        using (var index = new RetrievalIndex(e.clone(), labels, ["x"], "f"))
            index.Save(path);
        using (var back = RetrievalIndex.Load(path, "f", CPU))
            Assert.True(back.Embeddings.eq(e).all().item<bool>(), "the loaded embeddings differ from the saved ones");
        e[69_001, 63] = float.PositiveInfinity;
        Refuses<ArgumentException>(() => new RetrievalIndex(e, labels, ["x"], "f"), "Embedding 69001 of 70000");
        e[69_001, 63] = 0f;
        e[65_537, 0] = float.NaN;
        Refuses<ArgumentException>(() => new RetrievalIndex(e, labels, ["x"], "f"), "Embedding 65537 of 70000");
    }

    [Fact]
    public void IndexOfAnotherModelIsRefusedNamingBothFingerprintsAndTheFix()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fsl-index").FullName, "db.fsi");
        using var index = RandomIndex(fingerprint: "model-one");
        index.Save(path);
        Refuses<InvalidDataException>(() => RetrievalIndex.Load(path, "model-two", CPU), "model-one", "model-two", "fewshot index");
    }

    [Fact]
    public void TruncatedCorruptForeignAndFutureFilesAreRefused()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-index");
        var path = Path.Combine(dir.FullName, "db.fsi");
        using var index = RandomIndex();
        index.Save(path);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        Assert.Contains("truncated or corrupt", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);

        var flipped = (byte[])bytes.Clone();
        flipped[^5] ^= 0xFF;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);

        var future = (byte[])bytes.Clone();
        BitConverter.GetBytes(99).CopyTo(future, 8);
        File.WriteAllBytes(path, future);
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);

        File.WriteAllBytes(path, bytes[..30]);
        Assert.Contains("corrupt", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);

        File.WriteAllText(path, "PK this is a zip, not an index");
        Assert.Contains("not a FewShotLearn retrieval index", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);

        Assert.Contains("fewshot index", Assert.Throws<FileNotFoundException>(() => RetrievalIndex.Load(Path.Combine(dir.FullName, "none.fsi"))).Message);
    }

    [Fact]
    public void BadSearchArgumentsAreClearErrors()
    {
        using var index = RandomIndex(n: 10);
        Assert.Contains("between 1 and 10", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(randn(1, 8), 11)).Message);
        Assert.Contains("[Q, 8]", Assert.Throws<ArgumentException>(() => index.Search(randn(1, 9), 1)).Message);
    }

    /// <summary>The naive reference: every distance in float64 directly from the vectors, one full sort by (distance, index).</summary>
    static long[] Naive(Tensor db, Tensor q, int k, long[]? exclude)
    {
        var e = db.to_type(ScalarType.Float64).data<double>().ToArray();
        var x = q.to_type(ScalarType.Float64).data<double>().ToArray();
        int n = (int)db.shape[0], d = (int)db.shape[1], m = (int)q.shape[0];
        var result = new List<long>();
        for (var i = 0; i < m; i++)
        {
            var dist = Enumerable.Range(0, n).Select(j => Math.Sqrt(Enumerable.Range(0, d).Sum(t => (x[i * d + t] - e[j * d + t]) * (x[i * d + t] - e[j * d + t])))).ToArray();
            result.AddRange(Enumerable.Range(0, n).Where(j => exclude is null || exclude[i] != j).OrderBy(j => dist[j]).ThenBy(j => j).Take(k).Select(j => (long)j));
        }
        return result.ToArray();
    }

    [Theory]
    [InlineData(false, 1, 1)]   // CPU, one libtorch thread: it multiplies, the same thread scans
    [InlineData(false, 1, 2)]   // CPU, libtorch's threads multiply; with 8+ blocks (batches of 1 here) the scan overlaps the next product
    [InlineData(false, 2, 1)]   // CPU, each batch's row tiles taken by threads that multiply single-threaded and scan their own rows
    [InlineData(false, 5, 1)]   // uneven row tiles (12 queries; batches of 1 or 4 give fewer threads)
    [InlineData(true, 1, 1)]    // the tensor-kernel path CUDA takes, run on the CPU
    public void Search_is_identical_to_a_naive_reference_for_every_tiling_with_ties_and_exclusion(bool tensorKernels, int rowWorkers, int threads)
    {
        var before = get_num_threads();
        RetrievalIndex.UseTensorKernels = tensorKernels;
        RetrievalIndex.RowWorkersOverride = rowWorkers;
        set_num_threads(threads);
        try { SearchMatchesNaive(); }
        finally { RetrievalIndex.UseTensorKernels = false; RetrievalIndex.RowWorkersOverride = null; set_num_threads(before); }
    }

    [Fact]
    public void A_batch_is_split_over_one_thread_per_libtorch_thread_only_with_enough_rows_and_MKLs_per_thread_setting()
    {
        var threads = get_num_threads();
        Assert.Equal(1, RetrievalIndex.RowWorkers(63));   // too few rows to split
        Assert.Equal(NativeThreads.Available ? Math.Min(threads, 1000 / 64) : 1, RetrievalIndex.RowWorkers(1000));
    }

    static void SearchMatchesNaive()
    {
        manual_seed(3);
        // 5000 entries (more than the first chunk, so later chunks go through the threshold test), with exact duplicates (ties).
        var raw = nn.functional.normalize(randn(5000, 6), p: 2, dim: 1);
        raw.narrow(0, 4000, 50).copy_(raw.narrow(0, 10, 50));
        using var index = new RetrievalIndex(raw, new long[5000], ["x"], "f");
        var q = cat([nn.functional.normalize(randn(9, 6), p: 2, dim: 1), raw.narrow(0, 10, 3)], 0);
        var exclude = new long[] { -1, 5, 7, 4999, -1, 0, 1, 2, 3, 10, 4010, 12 };
        foreach (var (k, block, batch) in new[] { (1, 1L << 22, 1024), (5, 64L, 1), (7, 4096L, 4), (3, 30000L, 5) })
        {
            var (idx, dist) = index.Search(q, k, blockElements: block, queryBatch: batch);
            Assert.Equal(Naive(raw, q, k, null), idx.data<long>().ToArray());
            Assert.True(dist.min().item<float>() >= 0);
            var (ei, _) = index.Search(q, k, exclude, blockElements: block, queryBatch: batch);
            Assert.Equal(Naive(raw, q, k, exclude), ei.data<long>().ToArray());
        }
    }

    [Fact]
    public void An_entry_identical_to_the_query_is_at_distance_exactly_zero()
    {
        manual_seed(4);
        // Large norms make the fused expansion |q|^2 + |e|^2 - 2 q.e cancel badly in float32.
        var e = randn(300, 16) * 30 + 7;
        using var index = new RetrievalIndex(e, new long[300], ["x"], "f");
        var (idx, dist) = index.Search(e.narrow(0, 0, 40), 2);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), idx.select(1, 0).data<long>().ToArray());
        Assert.All(dist.select(1, 0).data<float>().ToArray(), d => Assert.Equal(0f, d));
        var exact = (e.narrow(0, 0, 40) - e.index_select(0, idx.select(1, 1))).pow(2).sum(1).sqrt();
        Assert.True(exact.sub(dist.select(1, 1)).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Non_finite_embeddings_and_queries_are_refused_naming_the_entry_and_the_fix()
    {
        var e = nn.functional.normalize(randn(10, 4), p: 2, dim: 1);
        e[3, 1] = float.NaN;
        Refuses<ArgumentException>(() => new RetrievalIndex(e, new long[10], ["x"], "f", Enumerable.Range(0, 10).Select(i => $"img{i}.png").ToArray()), "Embedding 3", "img3.png", "retrain");
        e[3, 1] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => new RetrievalIndex(e, new long[10], ["x"], "f"));
        e[3, 1] = 0.5f;
        using var index = new RetrievalIndex(e, new long[10], ["x"], "f");
        var q = randn(2, 4);
        q[1, 0] = float.NaN;
        Assert.Contains("Query 1", Assert.Throws<ArgumentException>(() => index.Search(q, 3)).Message);

        // A file whose embeddings were made NaN (with a valid checksum) is refused on load, naming the file.
        var path = Path.Combine(Directory.CreateTempSubdirectory("fsl-index").FullName, "nan.fsi");
        index.Save(path);
        FewShotLearn.Tests.Runtime.FileSurgery.Reseal(path, payload: p => { var b = (byte[])p.Clone(); BitConverter.GetBytes(float.NaN).CopyTo(b, b.Length - 4); return b; });
        Refuses<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU), path, "NaN");
    }

    [Fact]
    public void Image_shape_content_hash_and_files_survive_the_round_trip_and_stale_files_are_refused()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-index").FullName;
        var files = Enumerable.Range(0, 4).Select(i => { var f = Path.Combine(dir, $"{i}.bin"); File.WriteAllBytes(f, [(byte)i, 1, 2]); return IndexedFile.Of(f); }).ToArray();
        var path = Path.Combine(dir, "db.fsi");
        using (var index = new RetrievalIndex(nn.functional.normalize(randn(4, 3), p: 2, dim: 1), [0, 0, 1, 1], ["a", "b"], "f",
            imageShape: new ImageShape(3, 16, 12), databaseHash: "abc", files: files))
            index.Save(path);
        using (var back = RetrievalIndex.Load(path, device: CPU))
        {
            Assert.Equal(new ImageShape(3, 16, 12), back.ImageShape);
            Assert.Equal("abc", back.DatabaseHash);
            Assert.Equal(files, back.Files);
            Assert.Equal(files.Select(f => f.Path), back.Paths);
        }
        // Touched but unchanged: still current. Rewritten with other bytes, or removed: the index is stale.
        File.SetLastWriteTimeUtc(files[1].Path, DateTime.UtcNow.AddMinutes(5));
        RetrievalIndex.Load(path, device: CPU).Dispose();
        File.WriteAllBytes(files[1].Path, [9, 9, 9]);
        Refuses<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU), "stale", "1.bin: content changed", "fewshot index");
        File.Delete(files[2].Path);
        Assert.Contains("2.bin: missing", Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, device: CPU)).Message);
        using var unchecked_ = RetrievalIndex.Load(path, device: CPU, checkFiles: false);
        Assert.Equal(2, unchecked_.ChangedFiles().Count);
    }
}
