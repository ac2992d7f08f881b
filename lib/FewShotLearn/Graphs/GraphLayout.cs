namespace FewShotLearn.Graphs;

/// <summary>2-D node positions for drawing a graph: a seeded force-directed (Fruchterman–Reingold) layout.</summary>
public static class GraphLayout
{
    /// <summary>Positions in [-1, 1]²: edges pull their nodes together, all nodes push each other apart.</summary>
    public static (double X, double Y)[] ForceDirected(Graph graph, int iterations = 200, int seed = 0)
    {
        var n = graph.NodeCount;
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var k = Math.Sqrt(4.0 / n);
        var temperature = 0.2;
        for (var it = 0; it < iterations; it++)
        {
            var dx = new double[n]; var dy = new double[n];
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    double ex = x[i] - x[j], ey = y[i] - y[j], d = Math.Max(1e-4, Math.Sqrt(ex * ex + ey * ey));
                    var f = k * k / d;
                    dx[i] += ex / d * f; dy[i] += ey / d * f; dx[j] -= ex / d * f; dy[j] -= ey / d * f;
                }
            foreach (var (a, b) in graph.Edges)
            {
                double ex = x[a] - x[b], ey = y[a] - y[b], d = Math.Max(1e-4, Math.Sqrt(ex * ex + ey * ey));
                var f = d * d / k;
                dx[a] -= ex / d * f; dy[a] -= ey / d * f; dx[b] += ex / d * f; dy[b] += ey / d * f;
            }
            for (var i = 0; i < n; i++)
            {
                var len = Math.Max(1e-9, Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]));
                x[i] += dx[i] / len * Math.Min(len, temperature);
                y[i] += dy[i] / len * Math.Min(len, temperature);
            }
            temperature *= 0.98;
        }
        var scale = Math.Max(x.Concat(y).Select(Math.Abs).Max(), 1e-9);
        return Enumerable.Range(0, n).Select(i => (x[i] / scale, y[i] / scale)).ToArray();
    }

    /// <summary>Nodes evenly spaced on a circle.</summary>
    public static (double X, double Y)[] Circle(int nodeCount) =>
        Enumerable.Range(0, nodeCount).Select(i => (Math.Cos(2 * Math.PI * i / nodeCount), Math.Sin(2 * Math.PI * i / nodeCount))).ToArray();
}
