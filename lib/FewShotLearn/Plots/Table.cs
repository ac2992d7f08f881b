using System.Collections;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace FewShotLearn.Plots;

/// <summary>
/// How a property shows as a table column: its header, unit, scale and number format, or hidden.
/// Put it on a record's positional parameter with <c>[property: Column(...)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ColumnAttribute(string? header = null) : Attribute
{
    /// <summary>Column header (default: the property name split into words, e.g. TestAccuracy -> "Test accuracy").</summary>
    public string? Header { get; } = header;
    /// <summary>Unit shown in the header, e.g. "s" -> "Time (s)".</summary>
    public string? Unit { get; init; }
    /// <summary>Factor applied to numbers before formatting (e.g. 1000 to show seconds as ms); 1 = none.</summary>
    public double Scale { get; init; } = 1;
    /// <summary>.NET numeric format string ("0.000", "N0", "P1"); default: integers with thousands separators, reals with 3 decimals.</summary>
    public string? Format { get; init; }
    /// <summary>Leave the property out of tables.</summary>
    public bool Hidden { get; init; }
}

/// <summary>One column of a <see cref="Table"/>: header text and how to format a row's value.</summary>
public sealed record TableColumn(string Header, PropertyInfo Property, double Scale, string? Format)
{
    /// <summary>True for numeric columns (right-aligned).</summary>
    public bool Numeric => Table.IsNumber(Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType);

    /// <summary>The cell text of <paramref name="row"/> in this column.</summary>
    public string Cell(object? row) => Table.FormatValue(row is null ? null : Property.GetValue(row), Scale, Format);
}

/// <summary>
/// Shows a list of records (or anonymous objects) as a readable HTML table: one row per item, one column per public
/// property, headers from property names or <see cref="ColumnAttribute"/>, units in the headers, rounded numbers
/// (integers with thousands separators, reals to 3 decimals, tiny reals to 3 significant digits, NaN as "–").
/// Notebooks display the result as is; <c>Notebook.Setup</c> also registers it for lists of records.
/// </summary>
public static class Table
{
    /// <summary>
    /// The rows as a table with optional caption (names the data the numbers were computed on); <paramref name="decimals"/>
    /// sets the decimals of real columns that have no <see cref="ColumnAttribute.Format"/> (default 3).
    /// </summary>
    public static HtmlView Of<T>(IEnumerable<T> rows, string? caption = null, int? decimals = null) => Of((IEnumerable)rows, typeof(T), caption, decimals);

    /// <summary>The rows as a table, columns from <paramref name="elementType"/> (or from the first row when that is <see cref="object"/>).</summary>
    public static HtmlView Of(IEnumerable rows, Type elementType, string? caption = null, int? decimals = null)
    {
        if (decimals is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Decimals must lie in 0..15.");
        var list = rows.Cast<object?>().ToList();
        if (elementType == typeof(object) && list.FirstOrDefault(r => r is not null) is { } first) elementType = first.GetType();
        var columns = Columns(elementType);
        if (decimals is { } d)
            columns = columns.Select(c => c.Format is null && IsReal(Nullable.GetUnderlyingType(c.Property.PropertyType) ?? c.Property.PropertyType)
                ? c with { Format = d == 0 ? "0" : "0." + new string('0', d) } : c).ToList();
        var sb = new StringBuilder(TableOpen);
        if (caption is not null) sb.Append(CaptionHtml(caption));
        sb.Append("<thead><tr>");
        foreach (var c in columns) sb.Append(Th(c.Header, c.Numeric));
        sb.Append("</tr></thead><tbody>");
        foreach (var row in list)
        {
            sb.Append("<tr>");
            foreach (var c in columns) sb.Append(Td(c.Cell(row), c.Numeric));
            sb.Append("</tr>");
        }
        return new HtmlView(sb.Append("</tbody></table>").ToString());
    }

    /// <summary>One record as a two-column table (one row per property: name, value).</summary>
    public static HtmlView Fields<T>(T record, string? caption = null) where T : notnull
    {
        var sb = new StringBuilder(TableOpen);
        if (caption is not null) sb.Append(CaptionHtml(caption));
        sb.Append("<tbody>");
        foreach (var c in Columns(record.GetType()))
            sb.Append("<tr>").Append(Th(c.Header, false)).Append(Td(c.Cell(record), c.Numeric)).Append("</tr>");
        return new HtmlView(sb.Append("</tbody></table>").ToString());
    }

    /// <summary>The visible columns of a type, in declaration order.</summary>
    public static IReadOnlyList<TableColumn> Columns(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ColumnAttribute>()))
            .Where(x => x.Attribute is not { Hidden: true })
            .Select(x =>
            {
                var header = x.Attribute?.Header ?? Words(x.Property.Name);
                if (x.Attribute?.Unit is { } unit) header += $" ({unit})";
                return new TableColumn(header, x.Property, x.Attribute?.Scale ?? 1, x.Attribute?.Format);
            })
            .ToList();

    /// <summary>
    /// True for types whose values a table shows as rows: records (class or struct) and anonymous types — the
    /// objects whose default display is a raw <c>Name { A = 1, B = 2 }</c> dump.
    /// A record that declares its own ToString (e.g. <see cref="HtmlView"/>) chose its display and is not record-like.
    /// </summary>
    public static bool IsRecordLike(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType")
        || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(StringBuilder)]) is not null
           && type.GetMethod("ToString", Type.EmptyTypes) is { } toString && toString.IsDefined(typeof(CompilerGeneratedAttribute), false);

    /// <summary>A property name as header words: "SecondsPerImage" -> "Seconds per image", "MainPathLayers" -> "Main path layers"; acronyms stay ("GPU", "MiB").</summary>
    public static string Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (ch == '_') { Flush(); continue; }
            var boundary = current.Length > 0 && (
                char.IsUpper(ch) && char.IsLower(current[^1]) && !IsUnitTail(name, i)
                || char.IsUpper(ch) && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(current[^1]) && current.Length > 1
                || char.IsDigit(ch) != char.IsDigit(current[^1]) && !char.IsDigit(ch));
            if (boundary) Flush();
            current.Append(ch);
        }
        Flush();
        return string.Join(" ", words.Select((w, i) => IsAcronym(w) ? w : i == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w.ToLowerInvariant()));

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    // "MiB", "KiB", "GiB" are one word: do not split before their final "B".
    static bool IsUnitTail(string name, int i) => name[i] == 'B' && i >= 2 && name[i - 1] == 'i' && "KMGT".Contains(name[i - 2]);

    static bool IsAcronym(string w) => w.Length > 1 && (w.All(char.IsUpper) || w is "MiB" or "KiB" or "GiB" or "TiB");

    static bool IsReal(Type t) => t == typeof(double) || t == typeof(float) || t == typeof(decimal);

    internal static bool IsNumber(Type t) => t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(int) || t == typeof(long)
        || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong);

    /// <summary>The text of one value: numbers scaled and rounded, NaN as "–", lists joined, records by their fields.</summary>
    public static string FormatValue(object? value, double scale = 1, string? format = null)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null: return "";
            case string s: return s;
            case bool b: return b ? "yes" : "no";
            case double or float or decimal:
            {
                var d = Convert.ToDouble(value, inv) * scale;
                if (double.IsNaN(d)) return "–";
                if (double.IsInfinity(d)) return d > 0 ? "∞" : "−∞";
                if (format is not null) return d.ToString(format, inv);
                var a = Math.Abs(d);
                return a == 0 || a >= 0.001 ? d.ToString(a >= 100_000 ? "N0" : "0.000", inv) : d.ToString("0.##E+0", inv);
            }
            case int or long or short or byte or uint or ulong:
                return scale == 1 ? ((IFormattable)value).ToString(format ?? "N0", inv) : (Convert.ToDouble(value, inv) * scale).ToString(format ?? "0.###", inv);
            case TimeSpan t: return t.TotalSeconds.ToString("0.0", inv) + " s";
            case IFormattable f when value.GetType().IsEnum: return f.ToString(null, inv);
            case IEnumerable e:
            {
                var items = e.Cast<object?>().ToList();
                if (items.Count > 0 && items[0] is { } x && IsRecordLike(x.GetType())) return $"({items.Count} {Words(x.GetType().Name).ToLowerInvariant()})";
                return string.Join(", ", items.Select(i => FormatValue(i, scale, format)));
            }
            default:
            {
                var type = value.GetType();
                if (!IsRecordLike(type)) return Convert.ToString(value, inv) ?? "";
                return string.Join("; ", Columns(type).Select(c => $"{c.Header}: {c.Cell(value)}"));
            }
        }
    }

    const string Border = "border-bottom:1px solid rgba(128,128,128,.35)";
    const string TableOpen = "<table class=\"fsl-table\" style=\"border-collapse:collapse;margin:4px 0;font-variant-numeric:tabular-nums\">";

    static string CaptionHtml(string caption) =>
        $"<caption style=\"caption-side:top;text-align:left;font-weight:600;padding:2px 0 4px\">{WebUtility.HtmlEncode(caption)}</caption>";

    static string Th(string text, bool numeric) =>
        $"<th style=\"{Border};padding:3px 10px;text-align:{(numeric ? "right" : "left")};vertical-align:bottom\">{WebUtility.HtmlEncode(text)}</th>";

    static string Td(string text, bool numeric) =>
        $"<td style=\"{Border};padding:3px 10px;text-align:{(numeric ? "right" : "left")}\">{WebUtility.HtmlEncode(text)}</td>";
}
