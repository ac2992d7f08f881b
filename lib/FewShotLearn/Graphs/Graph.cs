namespace FewShotLearn.Graphs;

/// <summary>
/// A graph: <see cref="NodeCount"/> nodes joined by directed or undirected edges, with an optional node feature
/// matrix [N, F]. Node i's features are row i; without features the identity matrix is used.
/// </summary>
public sealed class Graph
{
    private readonly (int From, int To)[] edges;

    /// <summary>Builds a graph; duplicate edges are merged (for undirected graphs (a, b) and (b, a) are the same edge).</summary>
    public Graph(int nodeCount, IEnumerable<(int From, int To)> edges, bool directed = false, Tensor? features = null, string? name = null)
    {
        if (nodeCount < 1) throw new ArgumentOutOfRangeException(nameof(nodeCount), "A graph needs at least one node.");
        var list = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        foreach (var (a, b) in edges)
        {
            if (a < 0 || a >= nodeCount || b < 0 || b >= nodeCount)
                throw new ArgumentException($"Edge ({a}, {b}) refers to a node outside 0..{nodeCount - 1}.", nameof(edges));
            var key = directed || a <= b ? (a, b) : (b, a);
            if (seen.Add(key)) list.Add(key);
        }
        if (features is not null && (features.dim() != 2 || features.shape[0] != nodeCount))
            throw new ArgumentException($"Features must be [N={nodeCount}, F]; got [{string.Join(", ", features.shape)}].", nameof(features));
        NodeCount = nodeCount;
        this.edges = list.ToArray();
        Directed = directed;
        Features = features;
        Name = name ?? $"graph({nodeCount} nodes)";
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount { get; }

    /// <summary>The edges; for an undirected graph each is listed once with From &lt;= To.</summary>
    public IReadOnlyList<(int From, int To)> Edges => edges;

    /// <summary>True when edges have a direction (A[i, j] = 1 for an edge i -> j only).</summary>
    public bool Directed { get; }

    /// <summary>Node features [N, F], or null (then <see cref="FeatureMatrix"/> is the identity).</summary>
    public Tensor? Features { get; }

    /// <summary>A short name for plots and messages.</summary>
    public string Name { get; }

    /// <summary>The same graph with node features [N, F].</summary>
    public Graph WithFeatures(Tensor features) => new(NodeCount, edges, Directed, features, Name);

    /// <summary>Number of edges at each node (out-degree for a directed graph); a self-loop counts once.</summary>
    public int[] Degrees()
    {
        var d = new int[NodeCount];
        foreach (var (a, b) in edges) { d[a]++; if (!Directed && a != b) d[b]++; }
        return d;
    }

    /// <summary>The adjacency matrix [N, N] (float32): A[i, j] = 1 when an edge joins i to j (both ways when undirected).</summary>
    public Tensor Adjacency(Device? device = null)
    {
        var a = new float[NodeCount * NodeCount];
        foreach (var (i, j) in edges) { a[i * NodeCount + j] = 1; if (!Directed) a[j * NodeCount + i] = 1; }
        return tensor(a, new long[] { NodeCount, NodeCount }, device: device ?? Devices.Default);
    }

    /// <summary>The node feature matrix: <see cref="Features"/>, or the identity [N, N] when the graph has none.</summary>
    public Tensor FeatureMatrix(Device? device = null) =>
        Features?.to(device ?? Devices.Default) ?? eye(NodeCount, device: device ?? Devices.Default);

    /// <summary>
    /// The same graph with nodes renumbered: old node i becomes node <paramref name="permutation"/>[i]
    /// (feature rows move with their nodes).
    /// </summary>
    public Graph Permute(IReadOnlyList<int> permutation)
    {
        if (permutation.Count != NodeCount || permutation.Distinct().Count() != NodeCount || permutation.Any(p => p < 0 || p >= NodeCount))
            throw new ArgumentException($"A permutation of {NodeCount} nodes must list each of 0..{NodeCount - 1} once.", nameof(permutation));
        Tensor? f = null;
        if (Features is not null)
        {
            var inverse = new long[NodeCount];
            for (var i = 0; i < NodeCount; i++) inverse[permutation[i]] = i;
            using var idx = tensor(inverse, device: Features.device);
            f = Features.index_select(0, idx);
        }
        return new Graph(NodeCount, edges.Select(e => (permutation[e.From], permutation[e.To])), Directed, f, Name);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {NodeCount} nodes, {edges.Length} {(Directed ? "directed" : "undirected")} edges";
}
