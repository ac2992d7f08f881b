using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace FewShotLearn.Plots;

/// <summary>Heatmap charts of matrices and of stacks of feature maps (Plotly.NET).</summary>
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
}
