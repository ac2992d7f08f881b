namespace FewShotLearn.Vision;

/// <summary>A named hand-made filter: a small weight grid applied by convolution (see <see cref="Kernels.Apply"/>).</summary>
public sealed record Kernel(string Name, double[,] Weights, string Description)
{
    /// <summary>Kernel height.</summary>
    public int Height => Weights.GetLength(0);

    /// <summary>Kernel width.</summary>
    public int Width => Weights.GetLength(1);

    /// <summary>A kernel from a matrix literal such as "0 -1 0 / -1 5 -1 / 0 -1 0" (see <see cref="Matrices.Parse"/>).</summary>
    public static Kernel Parse(string name, string rows, string description = "custom kernel") => new(name, Matrices.Parse(rows), description);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Height}x{Width}): {Description}\n{Matrices.Format(Weights)}";
}
