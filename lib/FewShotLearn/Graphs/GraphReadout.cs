namespace FewShotLearn.Graphs;

/// <summary>How node feature vectors are pooled into one vector per graph.</summary>
public enum ReadoutKind
{
    /// <summary>Average of the node vectors (the readout of the course).</summary>
    Mean,
    /// <summary>Sum of the node vectors.</summary>
    Sum,
    /// <summary>Element-wise maximum of the node vectors.</summary>
    Max,
}

/// <summary>Readout: one vector per graph from its node vectors; invariant to the order of the nodes.</summary>
public static class GraphReadout
{
    /// <summary>Pools node features [N, F] of one graph into [F].</summary>
    public static Tensor Apply(Tensor nodes, ReadoutKind kind = ReadoutKind.Mean) => kind switch
    {
        ReadoutKind.Mean => nodes.mean(new long[] { 0 }),
        ReadoutKind.Sum => nodes.sum(new long[] { 0 }),
        ReadoutKind.Max => nodes.amax(new long[] { 0 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Pools a batch: <paramref name="nodes"/> [N, F] of several graphs, <paramref name="graphIndex"/> [N] (int64)
    /// saying which graph each node belongs to; returns [<paramref name="graphCount"/>, F].
    /// </summary>
    public static Tensor Apply(Tensor nodes, Tensor graphIndex, long graphCount, ReadoutKind kind = ReadoutKind.Mean)
    {
        using var scope = NewDisposeScope();
        var f = nodes.shape[1];
        var init = zeros(new long[] { graphCount, f }, dtype: nodes.dtype, device: nodes.device);
        Tensor result = kind switch
        {
            ReadoutKind.Sum => init.index_add(0, graphIndex, nodes, 1),
            ReadoutKind.Mean => init.index_add(0, graphIndex, nodes, 1) /
                zeros(graphCount, dtype: nodes.dtype, device: nodes.device).index_add(0, graphIndex, ones_like(graphIndex, dtype: nodes.dtype), 1).clamp_min(1).unsqueeze(1),
            ReadoutKind.Max => SegmentMax(nodes, graphIndex, graphCount),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return result.MoveToOuterDisposeScope();
    }

    // Max per graph: sort nodes by graph, split into contiguous segments, take each segment's maximum.
    private static Tensor SegmentMax(Tensor nodes, Tensor graphIndex, long graphCount)
    {
        var order = graphIndex.sort(stable: true).Indices;
        var counts = graphIndex.bincount(null, graphCount).data<long>().ToArray();
        if (counts.Any(c => c == 0)) throw new ArgumentException("Max readout needs at least one node in every graph.", nameof(graphIndex));
        var sorted = nodes.index_select(0, order);
        return stack(sorted.split(counts).Select(s => s.amax(new long[] { 0 })).ToArray());
    }
}
