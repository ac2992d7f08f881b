namespace FewShotLearn.Plots;

/// <summary>The former name of <see cref="Table.Of{T}(IEnumerable{T}, string?, int?)"/>, kept for notebooks that still call it.</summary>
public static class HtmlTable
{
    /// <summary>Same as <see cref="Table.Of{T}(IEnumerable{T}, string?, int?)"/>: real numbers with <paramref name="decimals"/> decimals.</summary>
    public static HtmlView From<T>(IEnumerable<T> rows, int decimals = 3, string? caption = null) => Table.Of(rows, caption, decimals);
}
