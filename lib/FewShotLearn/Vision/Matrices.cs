using System.Net;

namespace FewShotLearn.Vision;

/// <summary>Small 2-D grids (kernels, toy images) as <c>double[,]</c>: parse, print, and convert to and from tensors.</summary>
public static class Matrices
{
    /// <summary>Parses rows separated by '/', ';' or new lines; entries by spaces, tabs or commas. A row written
    /// without separators (e.g. "11100") is read digit by digit.</summary>
    public static double[,] Parse(string text)
    {
        var rows = text.Split(new[] { '/', ';', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r =>
            {
                var parts = r.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 1 && parts[0].Length > 1 && parts[0].All(char.IsDigit)) parts = parts[0].Select(c => c.ToString()).ToArray();
                return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new FormatException($"'{p}' in row '{r}' is not a number.")).ToArray();
            }).ToArray();
        return FromRows(rows);
    }

    /// <summary>A grid from jagged rows of equal length.</summary>
    public static double[,] FromRows(params double[][] rows)
    {
        if (rows.Length == 0) throw new ArgumentException("A matrix needs at least one row.");
        int w = rows[0].Length;
        var bad = Array.FindIndex(rows, r => r.Length != w);
        if (bad >= 0) throw new ArgumentException($"Row {bad} has {rows[bad].Length} entries but row 0 has {w}; all rows must have the same length.");
        var m = new double[rows.Length, w];
        for (int y = 0; y < rows.Length; y++)
        for (int x = 0; x < w; x++) m[y, x] = rows[y][x];
        return m;
    }

    /// <summary>The grid as a float32 tensor [1, 1, H, W] (one image, one channel).</summary>
    public static Tensor ToTensor(double[,] m, Device? device = null)
    {
        int h = m.GetLength(0), w = m.GetLength(1);
        var data = new float[h * w];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) data[y * w + x] = (float)m[y, x];
        return tensor(data, new long[] { 1, 1, h, w }, dtype: float32, device: device ?? Devices.Default);
    }

    /// <summary>A tensor with exactly two non-singleton-or-trailing dimensions ([H,W], [1,H,W], [1,1,H,W]) as a grid.</summary>
    public static double[,] FromTensor(Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = t.detach().to(CPU).to_type(float64);
        while (x.dim() > 2 && x.shape[0] == 1) x = x.squeeze(0);
        if (x.dim() != 2) throw new ArgumentException($"Expected a single 2-D map ([H,W], [1,H,W] or [1,1,H,W]); got shape [{string.Join(", ", t.shape)}].");
        int h = (int)x.shape[0], w = (int)x.shape[1];
        var data = x.contiguous().data<double>().ToArray();
        var m = new double[h, w];
        for (int y = 0; y < h; y++)
        for (int c = 0; c < w; c++) m[y, c] = data[y * w + c];
        return m;
    }

    /// <summary>Rows of right-aligned numbers (up to 3 decimals, trailing zeros dropped).</summary>
    public static string Format(double[,] m)
    {
        var cells = new string[m.GetLength(0), m.GetLength(1)];
        int width = 1;
        for (int y = 0; y < m.GetLength(0); y++)
        for (int x = 0; x < m.GetLength(1); x++)
            width = Math.Max(width, (cells[y, x] = Math.Round(m[y, x], 3).ToString("0.###", CultureInfo.InvariantCulture)).Length);
        var sb = new StringBuilder();
        for (int y = 0; y < m.GetLength(0); y++)
        {
            for (int x = 0; x < m.GetLength(1); x++) sb.Append(x == 0 ? "" : " ").Append(cells[y, x].PadLeft(width));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The grid as an HTML table; non-zero cells are shaded, which makes receptive fields easy to read.</summary>
    public static HtmlView ToHtml(double[,] m, string? caption = null)
    {
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;display:inline-table;margin:4px\">");
        if (caption is not null) sb.Append($"<caption>{WebUtility.HtmlEncode(caption)}</caption>");
        for (int y = 0; y < m.GetLength(0); y++)
        {
            sb.Append("<tr>");
            for (int x = 0; x < m.GetLength(1); x++)
            {
                var bg = m[y, x] != 0 ? "#ffe08a" : "#fff";
                sb.Append($"<td style=\"border:1px solid #999;padding:2px 6px;text-align:right;background:{bg}\">{Math.Round(m[y, x], 3).ToString(CultureInfo.InvariantCulture)}</td>");
            }
            sb.Append("</tr>");
        }
        return new HtmlView(sb.Append("</table>").ToString());
    }

    /// <summary>Element-wise equality within a tolerance.</summary>
    public static bool AllClose(double[,] a, double[,] b, double tolerance = 1e-4)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1)) return false;
        for (int y = 0; y < a.GetLength(0); y++)
        for (int x = 0; x < a.GetLength(1); x++)
            if (Math.Abs(a[y, x] - b[y, x]) > tolerance) return false;
        return true;
    }
}
