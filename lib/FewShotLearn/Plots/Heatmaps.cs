using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Plots;

/// <summary>Heatmap charts of matrices (tensors or labelled grids), of stacks of feature maps, and grids of small maps such as kernels (Plotly.NET).</summary>
public static class Heatmaps
{
    /// <summary>A heatmap of a 2-D tensor, row 0 at the top, optionally with the value written in each cell.</summary>
    public static GenericChart Matrix(Tensor matrix, string title, bool showValues = false, IReadOnlyList<string>? labels = null)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"Expected a 2-D tensor; got [{string.Join(", ", matrix.shape)}].", nameof(matrix));
        var rows = Rows(matrix);
        var chart = showValues
            ? PlotlyChart.AnnotatedHeatmap<double, string, string, string>(
                zData: rows, annotationText: rows.Select(r => r.Select(v => v.ToString("0.##")).ToArray()).ToArray(),
                X: (labels ?? Enumerable.Range(0, rows[0].Length).Select(i => i.ToString()).ToArray()).ToArray<string>(),
                Y: (labels ?? Enumerable.Range(0, rows.Length).Select(i => i.ToString()).ToArray()).ToArray<string>(),
                ReverseYAxis: true)
            : PlotlyChart.Heatmap<double, int, int, string>(zData: rows, ReverseYAxis: true);
        return Charts.Titled(chart, title);
    }

    /// <summary>
    /// Feature maps [C, H, W] (one image's activations) tiled into a grid of <paramref name="columns"/> columns,
    /// each map scaled to [0, 1] on its own so weak and strong channels are both visible.
    /// </summary>
    public static GenericChart FeatureMaps(Tensor maps, string title, int columns = 8, int maxMaps = 32)
    {
        if (maps.dim() != 3) throw new ArgumentException($"Expected feature maps [C, H, W]; got [{string.Join(", ", maps.shape)}].", nameof(maps));
        using var scope = NewDisposeScope();
        var c = (int)Math.Min(maps.shape[0], maxMaps);
        var (h, w) = ((int)maps.shape[1], (int)maps.shape[2]);
        var m = maps[..c].detach().cpu().to(float32);
        var flat = m.reshape(c, -1);
        var lo = flat.amin(new long[] { 1 }, keepdim: true);
        var hi = flat.amax(new long[] { 1 }, keepdim: true);
        var norm = ((flat - lo) / (hi - lo).clamp_min(1e-6f)).reshape(c, h, w);
        var data = norm.data<float>().ToArray();
        var cols = Math.Min(columns, c);
        var gridRows = (c + cols - 1) / cols;
        var z = new double[gridRows * (h + 1) - 1][];
        for (var r = 0; r < z.Length; r++) z[r] = Enumerable.Repeat(double.NaN, cols * (w + 1) - 1).ToArray();
        for (var k = 0; k < c; k++)
        {
            var (gr, gc) = (k / cols, k % cols);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    z[gr * (h + 1) + y][gc * (w + 1) + x] = data[(k * h + y) * w + x];
        }
        var chart = PlotlyChart.Heatmap<double, int, int, string>(zData: z, ReverseYAxis: true, ColorScale: StyleParam.Colorscale.Viridis, ShowScale: false);
        return Charts.Titled(chart, title);
    }

    private static double[][] Rows(Tensor matrix)
    {
        using var m = matrix.detach().cpu().to(float64);
        var (r, c) = ((int)m.shape[0], (int)m.shape[1]);
        var d = m.data<double>().ToArray();
        return Enumerable.Range(0, r).Select(i => d.AsSpan(i * c, c).ToArray()).ToArray();
    }

    /// <summary>One heatmap with row/column labels; row 0 is drawn at the top. With <paramref name="annotate"/> every cell shows its value.</summary>
    public static GenericChart Matrix(double[][] z, string title, IReadOnlyList<string>? columns = null, IReadOnlyList<string>? rows = null,
        string xTitle = "", string yTitle = "", bool annotate = false, string colorscale = "Blues")
    {
        var cols = columns ?? Enumerable.Range(0, z.Length == 0 ? 0 : z[0].Length).Select(i => i.ToString()).ToArray();
        var rws = rows ?? Enumerable.Range(0, z.Length).Select(i => i.ToString()).ToArray();
        var trace = new Trace("heatmap");
        trace.SetProperty("z", z);
        trace.SetProperty("x", cols.ToArray());
        trace.SetProperty("y", rws.ToArray());
        trace.SetProperty("colorscale", colorscale);
        if (annotate)
        {
            trace.SetProperty("text", z.Select(r => r.Select(v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray());
            trace.SetProperty("texttemplate", "%{text}");
        }
        var chart = GenericChart.ofTraceObject(true, trace);
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        layout.SetProperty("xaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = xTitle }, ["type"] = "category" });
        layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = yTitle }, ["autorange"] = "reversed", ["type"] = "category" });
        layout.SetProperty("width", Math.Max(360, 40 * cols.Count + 160));
        layout.SetProperty("height", Math.Max(320, 36 * rws.Count + 140));
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>Small heatmaps in a grid (<paramref name="columns"/> per row), each with its own title; one shared colour scale per map.</summary>
    public static GenericChart Grid(IReadOnlyList<double[,]> maps, IReadOnlyList<string> titles, string title, int columns = 8, string colorscale = "RdBu", int cellPixels = 90)
    {
        if (maps.Count == 0) throw new ArgumentException("Heatmaps.Grid needs at least one map.");
        if (titles.Count != maps.Count) throw new ArgumentException($"{maps.Count} maps but {titles.Count} titles.");
        columns = Math.Min(columns, maps.Count);
        int rows = (maps.Count + columns - 1) / columns;
        var traces = new List<GenericChart>();
        var layout = new Layout();
        var annotations = new List<Dictionary<string, object>>();
        double gap = 0.02, cw = (1.0 - gap * (columns - 1)) / columns, ch = (1.0 - 0.06 * (rows - 1)) / rows;
        for (int i = 0; i < maps.Count; i++)
        {
            var m = maps[i];
            int r = i / columns, c = i % columns;
            var z = Enumerable.Range(0, m.GetLength(0)).Select(y => Enumerable.Range(0, m.GetLength(1)).Select(x => m[y, x]).ToArray()).ToArray();
            double absMax = Math.Max(1e-12, z.SelectMany(v => v).Select(Math.Abs).DefaultIfEmpty(0).Max());
            var trace = new Trace("heatmap");
            trace.SetProperty("z", z);
            trace.SetProperty("colorscale", colorscale);
            trace.SetProperty("zmin", colorscale == "RdBu" ? -absMax : z.SelectMany(v => v).Min());
            trace.SetProperty("zmax", colorscale == "RdBu" ? absMax : z.SelectMany(v => v).Max());
            trace.SetProperty("showscale", false);
            trace.SetProperty("xaxis", "x" + (i + 1));
            trace.SetProperty("yaxis", "y" + (i + 1));
            traces.Add(GenericChart.ofTraceObject(true, trace));
            double x0 = c * (cw + gap), y1 = 1.0 - r * (ch + 0.06);
            layout.SetProperty("xaxis" + (i + 1), new Dictionary<string, object> { ["domain"] = new[] { x0, x0 + cw }, ["showticklabels"] = false, ["anchor"] = "y" + (i + 1) });
            layout.SetProperty("yaxis" + (i + 1), new Dictionary<string, object> { ["domain"] = new[] { y1 - ch, y1 }, ["showticklabels"] = false, ["autorange"] = "reversed", ["anchor"] = "x" + (i + 1), ["scaleanchor"] = "x" + (i + 1) });
            annotations.Add(new() { ["text"] = titles[i], ["x"] = x0 + cw / 2, ["y"] = y1, ["xref"] = "paper", ["yref"] = "paper", ["showarrow"] = false, ["yanchor"] = "bottom", ["font"] = new Dictionary<string, object> { ["size"] = 10 } });
        }
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        layout.SetProperty("annotations", annotations);
        layout.SetProperty("width", columns * cellPixels + 80);
        layout.SetProperty("height", rows * (cellPixels + 20) + 100);
        layout.SetProperty("showlegend", false);
        return GenericChart.addLayout(layout, PlotlyChart.Combine(traces));
    }
}
