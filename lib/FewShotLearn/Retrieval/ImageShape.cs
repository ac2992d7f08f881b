namespace FewShotLearn.Retrieval;

/// <summary>The shape of the images an index was embedded from (channels x height x width): queries are read at this shape.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
