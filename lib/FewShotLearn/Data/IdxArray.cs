namespace FewShotLearn.Data;

/// <summary>An unsigned-byte array read from or written to an IDX file (the MNIST format): its dimensions and data.</summary>
public sealed class IdxArray
{
    /// <summary>Wraps data with its dimensions, checking that the sizes agree.</summary>
    public IdxArray(int[] dimensions, byte[] data)
    {
        if (dimensions.Length is < 1 or > 255)
            throw new ArgumentException($"An IDX array needs 1 to 255 dimensions; got {dimensions.Length}.", nameof(dimensions));
        if (dimensions.Any(d => d < 0))
            throw new ArgumentException($"IDX dimensions must be non-negative; got [{string.Join(", ", dimensions)}].", nameof(dimensions));
        var expected = dimensions.Aggregate(1L, (a, d) => a * d);
        if (expected != data.LongLength)
            throw new ArgumentException($"Dimensions [{string.Join(", ", dimensions)}] need {expected} bytes; got {data.LongLength}.", nameof(data));
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The size of each dimension, outermost first (e.g. [N, rows, cols]).</summary>
    public int[] Dimensions { get; }

    /// <summary>The values, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>The size of the first dimension (the number of items).</summary>
    public int Count => Dimensions[0];
}
