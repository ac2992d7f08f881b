namespace FewShotLearn.Plots;

/// <summary>A fragment of HTML that notebooks render as is (image grids, tables); its <see cref="ToString"/> is the HTML.</summary>
public sealed record HtmlView(string Html)
{
    /// <inheritdoc />
    public override string ToString() => Html;
}
