namespace FewShotLearn.Graphs;

/// <summary>
/// The normalised propagation matrix of a graph convolution (Kipf &amp; Welling, 2017): Â = D^-1/2 (A + I) D^-1/2,
/// where D is the diagonal degree matrix of A + I. Dense for small graphs, sparse COO for large or batched ones.
/// </summary>
public static class GcnPropagation
{
    /// <summary>Â from an adjacency matrix [N, N] (dense).</summary>
    public static Tensor Dense(Tensor adjacency)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1])
            throw new ArgumentException($"Adjacency must be square [N, N]; got [{string.Join(", ", adjacency.shape)}].", nameof(adjacency));
        using var scope = NewDisposeScope();
        var a = adjacency.to(float32) + eye(adjacency.shape[0], device: adjacency.device);
        var dInvSqrt = a.sum(1).rsqrt();
        return (dInvSqrt.unsqueeze(1) * a * dInvSqrt.unsqueeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>Â of a graph (dense [N, N]).</summary>
    public static Tensor Dense(Graph graph, Device? device = null)
    {
        using var a = graph.Adjacency(device);
        return Dense(a);
    }

    /// <summary>Â of a graph as a sparse COO tensor: memory grows with edges, not with N².</summary>
    public static Tensor Sparse(Graph graph, Device? device = null) => BlockDiagonal([graph], device);

    /// <summary>
    /// Â of several graphs side by side as one sparse block-diagonal matrix (a batch: node i of graph g sits at
    /// row offset(g) + i, and no edge joins different graphs).
    /// </summary>
    public static Tensor BlockDiagonal(IReadOnlyList<Graph> graphs, Device? device = null)
    {
        var rows = new List<long>();
        var cols = new List<long>();
        var vals = new List<float>();
        var offset = 0L;
        foreach (var g in graphs)
        {
            // Entries of A + I, each (i, j) once.
            var entries = new HashSet<(int, int)>();
            for (var i = 0; i < g.NodeCount; i++) entries.Add((i, i));
            foreach (var (a, b) in g.Edges) { entries.Add((a, b)); if (!g.Directed) entries.Add((b, a)); }
            var degree = new int[g.NodeCount];
            foreach (var (i, _) in entries) degree[i]++;
            foreach (var (i, j) in entries.OrderBy(e => e.Item1).ThenBy(e => e.Item2))
            {
                rows.Add(offset + i);
                cols.Add(offset + j);
                vals.Add((float)(1.0 / Math.Sqrt((double)degree[i] * degree[j])));
            }
            offset += g.NodeCount;
        }
        var dev = device ?? Devices.Default;
        using var idx = tensor(rows.Concat(cols).ToArray(), new long[] { 2, rows.Count }, device: dev);
        using var v = tensor(vals.ToArray(), device: dev);
        return sparse_coo_tensor(idx, v, new long[] { offset, offset });
    }
}
