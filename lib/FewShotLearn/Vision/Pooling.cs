namespace FewShotLearn.Vision;

/// <summary>The kinds of 2-D pooling the course shows.</summary>
public enum PoolKind
{
    /// <summary>Keeps the strongest value of each window.</summary>
    Max,
    /// <summary>Keeps the mean of each window.</summary>
    Average,
    /// <summary>Keeps the weakest value of each window (computed as -maxpool(-x)).</summary>
    Min,
}

/// <summary>
/// Max, average and min pooling on [N, C, H, W] (or [C, H, W], [H, W]) tensors. When the size is not divisible by the
/// stride, the default (floor) drops the last partial window; <c>ceilMode</c> keeps it as a smaller window.
/// </summary>
public static class Pooling
{
    /// <summary>Pools with a square window; <paramref name="stride"/> defaults to the window size.</summary>
    public static Tensor Pool(Tensor input, PoolKind kind, int size = 2, int? stride = null, bool ceilMode = false)
    {
        int s = stride ?? size;
        int dims = (int)input.dim();
        if (dims < 2 || dims > 4) throw new ArgumentException($"Pooling expects [H,W], [C,H,W] or [N,C,H,W]; got shape [{string.Join(", ", input.shape)}].");
        ConvArithmetic.OutputSize((int)input.shape[dims - 2], size, s, 0, 1, ceilMode);
        ConvArithmetic.OutputSize((int)input.shape[dims - 1], size, s, 0, 1, ceilMode);
        using var scope = NewDisposeScope();
        var x = input.to_type(float32);
        for (int i = dims; i < 4; i++) x = x.unsqueeze(0);
        long[] k = { size, size }, st = { s, s };
        var y = kind switch
        {
            PoolKind.Max => nn.functional.max_pool2d(x, k, st, ceil_mode: ceilMode),
            PoolKind.Min => -nn.functional.max_pool2d(-x, k, st, ceil_mode: ceilMode),
            PoolKind.Average => nn.functional.avg_pool2d(x, k, st, ceil_mode: ceilMode, count_include_pad: false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        for (int i = dims; i < 4; i++) y = y.squeeze(0);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>Max pooling.</summary>
    public static Tensor Max(Tensor input, int size = 2, int? stride = null, bool ceilMode = false) => Pool(input, PoolKind.Max, size, stride, ceilMode);

    /// <summary>Average pooling (a partial window in ceil mode averages only the pixels it covers).</summary>
    public static Tensor Average(Tensor input, int size = 2, int? stride = null, bool ceilMode = false) => Pool(input, PoolKind.Average, size, stride, ceilMode);

    /// <summary>Min pooling, as -maxpool(-x).</summary>
    public static Tensor Min(Tensor input, int size = 2, int? stride = null, bool ceilMode = false) => Pool(input, PoolKind.Min, size, stride, ceilMode);
}
