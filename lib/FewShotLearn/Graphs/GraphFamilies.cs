namespace FewShotLearn.Graphs;

/// <summary>
/// A generated graph-classification dataset: cycles, stars, random trees, grids and random (Erdős–Rényi) graphs
/// of random sizes; the label is the family.
/// </summary>
public static class GraphFamilies
{
    /// <summary>Family names, in label order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cycle", "star", "tree", "grid", "random"];

    /// <summary>
    /// <paramref name="perFamily"/> graphs of each family with <paramref name="minNodes"/>..<paramref name="maxNodes"/>
    /// nodes, shuffled; each node's features are its one-hot degree (see <see cref="GraphFeatures.DegreeOneHot"/>).
    /// </summary>
    public static List<(Graph Graph, int Label)> Generate(int perFamily, int minNodes = 6, int maxNodes = 20, int seed = 0, int maxDegree = 8)
    {
        if (minNodes < 4 || maxNodes < minNodes) throw new ArgumentException("Need 4 <= minNodes <= maxNodes.");
        var rng = new Random(seed);
        var list = new List<(Graph, int)>();
        for (var family = 0; family < Names.Count; family++)
            for (var k = 0; k < perFamily; k++)
            {
                var n = rng.Next(minNodes, maxNodes + 1);
                var g = family switch
                {
                    0 => Cycle(n),
                    1 => Star(n),
                    2 => RandomTree(n, rng),
                    3 => Grid(n, rng),
                    _ => RandomGraph(n, rng),
                };
                list.Add((g.WithFeatures(GraphFeatures.DegreeOneHot(g, maxDegree, TorchSharp.torch.CPU)), family));
            }
        return list.OrderBy(_ => rng.Next()).ToList();
    }

    /// <summary>A ring of n nodes.</summary>
    public static Graph Cycle(int n) => new(n, Enumerable.Range(0, n).Select(i => (i, (i + 1) % n)), name: $"cycle({n})");

    /// <summary>One hub joined to n - 1 leaves.</summary>
    public static Graph Star(int n) => new(n, Enumerable.Range(1, n - 1).Select(i => (0, i)), name: $"star({n})");

    /// <summary>A random tree: each new node attaches to a random earlier node.</summary>
    public static Graph RandomTree(int n, Random rng) => new(n, Enumerable.Range(1, n - 1).Select(i => (rng.Next(i), i)), name: $"tree({n})");

    /// <summary>A rows x columns grid with about n nodes (at least 2 rows and 2 columns).</summary>
    public static Graph Grid(int n, Random rng)
    {
        var rows = rng.Next(2, Math.Max(3, (int)Math.Sqrt(n) + 1));
        var cols = Math.Max(2, n / rows);
        var edges = new List<(int, int)>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                var i = r * cols + c;
                if (c + 1 < cols) edges.Add((i, i + 1));
                if (r + 1 < rows) edges.Add((i, i + cols));
            }
        return new Graph(rows * cols, edges, name: $"grid({rows}x{cols})");
    }

    /// <summary>An Erdős–Rényi graph: each pair joined with probability 0.2-0.4.</summary>
    public static Graph RandomGraph(int n, Random rng)
    {
        var p = 0.2 + 0.2 * rng.NextDouble();
        var edges = new List<(int, int)>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                if (rng.NextDouble() < p) edges.Add((i, j));
        return new Graph(n, edges, name: $"random({n}, p={p:F2})");
    }
}
