using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Graphs;

/// <summary>Plotly drawings of graphs (edges as lines, nodes as labelled markers) and of 2-D node embeddings.</summary>
public static class GraphPlots
{
    /// <summary>
    /// Draws <paramref name="graph"/> at <paramref name="positions"/> (force-directed by default); nodes are grouped
    /// (one colour and legend entry per group) by <paramref name="groups"/> named by <paramref name="groupNames"/>.
    /// </summary>
    public static GenericChart Draw(Graph graph, string title, (double X, double Y)[]? positions = null, long[]? groups = null,
        IReadOnlyList<string>? groupNames = null)
    {
        var pos = positions ?? GraphLayout.ForceDirected(graph);
        var ex = new List<double>(); var ey = new List<double>();
        foreach (var (a, b) in graph.Edges) { ex.AddRange([pos[a].X, pos[b].X, double.NaN]); ey.AddRange([pos[a].Y, pos[b].Y, double.NaN]); }
        var traces = new List<GenericChart>
        {
            PlotlyChart.Line<double, double, string>(ex, ey, Name: graph.Directed ? "edges (directed)" : "edges", ShowMarkers: false,
                LineColor: Color.fromString("lightgray")),
        };
        traces.AddRange(NodeTraces(pos.Select(p => p.X).ToArray(), pos.Select(p => p.Y).ToArray(), groups, groupNames));
        return Charts.Titled(PlotlyChart.Combine(traces), title);
    }

    /// <summary>A scatter plot of 2-D node embeddings [N, 2], coloured by group, each marker labelled with its node number.</summary>
    public static GenericChart Embeddings(Tensor embeddings, string title, long[]? groups = null, IReadOnlyList<string>? groupNames = null)
    {
        if (embeddings.dim() != 2 || embeddings.shape[1] != 2)
            throw new ArgumentException($"Expected 2-D embeddings [N, 2]; got [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        using var e = embeddings.detach().cpu().to(float64);
        var d = e.data<double>().ToArray();
        var n = (int)e.shape[0];
        var xs = Enumerable.Range(0, n).Select(i => d[2 * i]).ToArray();
        var ys = Enumerable.Range(0, n).Select(i => d[2 * i + 1]).ToArray();
        return Charts.Titled(PlotlyChart.Combine(NodeTraces(xs, ys, groups, groupNames)), title);
    }

    private static IEnumerable<GenericChart> NodeTraces(double[] xs, double[] ys, long[]? groups, IReadOnlyList<string>? groupNames)
    {
        var g = groups ?? new long[xs.Length];
        foreach (var group in g.Distinct().Order())
        {
            var idx = Enumerable.Range(0, xs.Length).Where(i => g[i] == group).ToArray();
            var name = groups is null ? "nodes" : groupNames is not null && group < groupNames.Count ? groupNames[(int)group] : $"group {group}";
            yield return PlotlyChart.Point<double, double, string>(idx.Select(i => xs[i]), idx.Select(i => ys[i]), Name: name,
                MultiText: idx.Select(i => i.ToString()).ToArray(), TextPosition: StyleParam.TextPosition.TopCenter, MarkerSymbol: StyleParam.MarkerSymbol.Circle);
        }
    }
}
