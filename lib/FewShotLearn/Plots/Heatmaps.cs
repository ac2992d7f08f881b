using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;

namespace FewShotLearn.Plots;

/// <summary>Heatmap charts: a single labelled matrix, or a grid of small maps (kernels, feature maps).</summary>
public static class Heatmaps
{
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
        return GenericChart.addLayout(layout, Plotly.NET.CSharp.Chart.Combine(traces));
    }
}
