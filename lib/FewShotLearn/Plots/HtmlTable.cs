using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace FewShotLearn.Plots;

/// <summary>Renders a list of records as an HTML table: one row per item, one column per public property.</summary>
public static class HtmlTable
{
    /// <summary>The rows as a table; numbers are shown with up to <paramref name="decimals"/> decimals.</summary>
    public static HtmlView From<T>(IEnumerable<T> rows, int decimals = 6, string? caption = null)
    {
        var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var sb = new StringBuilder("<table>");
        if (caption is not null) sb.Append($"<caption>{WebUtility.HtmlEncode(caption)}</caption>");
        sb.Append("<tr>").Append(string.Concat(props.Select(p => $"<th>{WebUtility.HtmlEncode(p.Name)}</th>"))).Append("</tr>");
        foreach (var row in rows)
            sb.Append("<tr>").Append(string.Concat(props.Select(p => $"<td>{WebUtility.HtmlEncode(Format(p.GetValue(row), decimals))}</td>"))).Append("</tr>");
        return new HtmlView(sb.Append("</table>").ToString());
    }

    static string Format(object? value, int decimals) => value switch
    {
        null => "",
        double d => Math.Round(d, decimals).ToString(CultureInfo.InvariantCulture),
        float f => Math.Round(f, decimals).ToString(CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
