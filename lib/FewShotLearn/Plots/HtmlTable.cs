namespace FewShotLearn.Plots;

/// <summary>The former name of <see cref="Table.Of{T}(IEnumerable{T}, string?)"/>, kept for notebooks that still call it.</summary>
public static class HtmlTable
{
    /// <summary>Same as <see cref="Table.Of{T}(IEnumerable{T}, string?)"/>.</summary>
    public static HtmlView From<T>(IEnumerable<T> rows, string? caption = null) => Table.Of(rows, caption);
}
