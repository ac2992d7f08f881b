using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.Data;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using TorchSharp;
using static TorchSharp.torch;
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
    public void Search_equals_brute_force_and_respects_exclusion()
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
    public void Save_load_round_trip_is_exact_and_leaves_no_temp_files()
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
    public void Index_of_another_model_is_refused_naming_both_fingerprints_and_the_fix()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fsl-index").FullName, "db.fsi");
        using var index = RandomIndex(fingerprint: "model-one");
        index.Save(path);
        var ex = Assert.Throws<InvalidDataException>(() => RetrievalIndex.Load(path, "model-two", CPU));
        Assert.Contains("model-one", ex.Message);
        Assert.Contains("model-two", ex.Message);
        Assert.Contains("fewshot index", ex.Message);
    }

    [Fact]
    public void Truncated_corrupt_foreign_and_future_files_are_refused()
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
    public void Bad_search_arguments_are_clear_errors()
    {
        using var index = RandomIndex(n: 10);
        Assert.Contains("between 1 and 10", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(randn(1, 8), 11)).Message);
        Assert.Contains("[Q, 8]", Assert.Throws<ArgumentException>(() => index.Search(randn(1, 9), 1)).Message);
    }
}
