namespace FewShotLearn.Tests.Retrieval;

/// <summary>The candidate scan of the CPU search and the comparison helper of the search benchmark.</summary>
public class SearchKernelTests
{
    [Fact]
    public void FirstAbove_finds_the_first_score_above_the_threshold_in_every_lane_and_tail_position()
    {
        // Lengths around the vector widths (8 and 16 lanes) so the vector body, the boundary and the scalar tail are all hit.
        foreach (var length in new[] { 0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 100 })
        {
            var row = Enumerable.Repeat(-1f, length).ToArray();
            Assert.Equal(length, RetrievalIndex.FirstAbove(row, 0, 0f));
            for (var hit = 0; hit < length; hit++)
            {
                row[hit] = 0.5f;
                Assert.Equal(hit, RetrievalIndex.FirstAbove(row, 0, 0f));
                Assert.Equal(hit, RetrievalIndex.FirstAbove(row, hit, 0f));
                Assert.Equal(length, RetrievalIndex.FirstAbove(row, hit + 1, 0f));   // nothing after it
                Assert.Equal(length, RetrievalIndex.FirstAbove(row, 0, 0.5f));        // strictly greater
                row[hit] = -1f;
            }
        }
    }

    [Fact]
    public void FirstAbove_returns_each_of_several_hits_in_order()
    {
        var row = Enumerable.Range(0, 50).Select(i => i % 7 == 3 ? 2f : 0f).ToArray();
        var found = new List<int>();
        for (var j = RetrievalIndex.FirstAbove(row, 0, 1f); j < row.Length; j = RetrievalIndex.FirstAbove(row, j + 1, 1f)) found.Add(j);
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 7 == 3), found);
    }

    [Fact]
    public void SameValues_compares_whole_tensors_not_elements()
    {
        using var a = tensor(new long[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new long[] { 1, 2, 3, 4 }, [2, 2]);
        using var c = tensor(new long[] { 1, 2, 3, 5 }, [2, 2]);
        using var flat = tensor(new long[] { 1, 2, 3, 4 });
        Assert.True(SearchBenchmark.SameValues(a, b));
        Assert.False(SearchBenchmark.SameValues(a, c));
        Assert.False(SearchBenchmark.SameValues(a, flat));
    }
}
