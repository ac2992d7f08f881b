using System.Net;

namespace FewShotLearn.Plots;

/// <summary>
/// How a tensor shows in a notebook: its shape, dtype and device, then its values as a table when small,
/// or as a picture (heatmap or image) when it is a larger 2-D map or a 1/3-channel image.
/// </summary>
public static class TensorHtml
{
    /// <summary>Largest number of elements shown as a table.</summary>
    public const int MaxTableElements = 400;

    /// <summary>The HTML for one tensor.</summary>
    public static string Render(Tensor t)
    {
        var shape = $"[{string.Join(", ", t.shape)}]";
        var head = $"<div style=\"font-family:monospace;color:#555\">tensor {shape} {t.dtype} on {t.device}</div>";
        if (t.numel() == 0) return head;
        var squeezed = t.dim() > 2 ? SqueezeLeading(t) : t;
        if (t.numel() <= MaxTableElements && squeezed.dim() <= 2) return head + Table(squeezed);
        if (squeezed.dim() == 2 || (squeezed.dim() == 3 && (squeezed.shape[0] == 1 || squeezed.shape[0] == 3)))
            return head + Png.ImgTag(Png.FromTensor(squeezed.to_type(ScalarType.Float32)), shape);
        if (squeezed.dim() == 3)
        {
            var maps = Math.Min(squeezed.shape[0], 16);
            var sb = new StringBuilder(head).Append("<div>");
            for (long i = 0; i < maps; i++)
                sb.Append(Png.ImgTag(Png.FromTensor(squeezed[i].to_type(ScalarType.Float32), minSide: 64), $"[{i}]")).Append(' ');
            if (squeezed.shape[0] > maps) sb.Append($"… {squeezed.shape[0] - maps} more");
            return sb.Append("</div>").ToString();
        }
        return head + $"<pre>{WebUtility.HtmlEncode(t.ToString(TorchSharp.TensorStringStyle.Numpy))}</pre>";
    }

    static Tensor SqueezeLeading(Tensor t)
    {
        while (t.dim() > 2 && t.shape[0] == 1) t = t.squeeze(0);
        return t;
    }

    static string Table(Tensor t)
    {
        var values = t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        int rows = t.dim() == 2 ? (int)t.shape[0] : 1, cols = t.dim() == 0 ? 1 : (int)t.shape[^1];
        bool integral = !t.is_floating_point();
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-family:monospace\">");
        for (int r = 0; r < rows; r++)
        {
            sb.Append("<tr>");
            for (int c = 0; c < cols; c++)
            {
                var v = values[r * cols + c];
                sb.Append("<td style=\"border:1px solid #ddd;padding:2px 6px;text-align:right\">")
                  .Append(integral ? ((long)v).ToString(CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture))
                  .Append("</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }
}
