namespace FewShotLearn.Graphs;

/// <summary>
/// Several graphs packed as one: a sparse block-diagonal Â, the stacked node features and, per node, the index of
/// its graph (for the readout). Every graph must have features of the same width.
/// </summary>
public sealed class GraphBatch : IDisposable
{
    /// <summary>Packs <paramref name="graphs"/> on <paramref name="device"/>.</summary>
    public GraphBatch(IReadOnlyList<Graph> graphs, Device? device = null)
    {
        if (graphs.Count == 0) throw new ArgumentException("A batch needs at least one graph.", nameof(graphs));
        var dev = device ?? Devices.Default;
        var widths = graphs.Select(g => g.Features?.shape[1] ?? -1).Distinct().ToList();
        if (widths.Count != 1 || widths[0] < 0)
            throw new ArgumentException("Every graph in a batch needs node features of the same width (e.g. GraphFeatures.DegreeOneHot).", nameof(graphs));
        Propagation = GcnPropagation.BlockDiagonal(graphs, dev);
        Features = cat(graphs.Select(g => g.Features!.to(dev)).ToArray(), 0);
        GraphIndex = tensor(graphs.SelectMany((g, i) => Enumerable.Repeat((long)i, g.NodeCount)).ToArray(), device: dev);
        Count = graphs.Count;
    }

    /// <summary>Sparse block-diagonal Â [N, N] over all nodes.</summary>
    public Tensor Propagation { get; }
    /// <summary>Node features [N, F].</summary>
    public Tensor Features { get; }
    /// <summary>Graph of each node [N] (int64).</summary>
    public Tensor GraphIndex { get; }
    /// <summary>Number of graphs.</summary>
    public int Count { get; }

    /// <inheritdoc />
    public void Dispose() { Propagation.Dispose(); Features.Dispose(); GraphIndex.Dispose(); }
}
