namespace FewShotLearn.Vision;

/// <summary>
/// Convolution written as plain loops (multiply and sum over each window), for teaching and for checking torch's
/// conv2d. Like every deep-learning library it computes cross-correlation: the kernel is not flipped.
/// </summary>
public static class ReferenceConvolution
{
    /// <summary>Slides <paramref name="kernel"/> over a single-channel image with zero padding, stride and dilation.</summary>
    public static double[,] Apply(double[,] image, double[,] kernel, int stride = 1, int padding = 0, int dilation = 1)
    {
        int h = image.GetLength(0), w = image.GetLength(1), kh = kernel.GetLength(0), kw = kernel.GetLength(1);
        int oh = ConvArithmetic.OutputSize(h, kh, stride, padding, dilation);
        int ow = ConvArithmetic.OutputSize(w, kw, stride, padding, dilation);
        var result = new double[oh, ow];
        for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
        {
            double sum = 0;
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int y = oy * stride - padding + ky * dilation, x = ox * stride - padding + kx * dilation;
                if (y >= 0 && y < h && x >= 0 && x < w) sum += image[y, x] * kernel[ky, kx];
            }
            result[oy, ox] = sum;
        }
        return result;
    }

    /// <summary>True (mathematical) convolution: the kernel rotated by 180° and then slid as in <see cref="Apply"/>. It
    /// equals cross-correlation only for kernels that are symmetric under that rotation (box blur, Laplacian); on a
    /// single 1 (an impulse) convolution reproduces the kernel, cross-correlation its rotation.</summary>
    public static double[,] Convolve(double[,] image, double[,] kernel, int stride = 1, int padding = 0, int dilation = 1) =>
        Apply(image, Rotate180(kernel), stride, padding, dilation);

    /// <summary>The matrix rotated by 180° (flipped up-down and left-right).</summary>
    public static double[,] Rotate180(double[,] m)
    {
        int h = m.GetLength(0), w = m.GetLength(1);
        var r = new double[h, w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) r[y, x] = m[h - 1 - y, w - 1 - x];
        return r;
    }

    /// <summary>The multiply-and-sum of one receptive field with a kernel of the same size (one output value).</summary>
    public static double MultiplyAndSum(double[,] receptiveField, double[,] kernel)
    {
        if (receptiveField.GetLength(0) != kernel.GetLength(0) || receptiveField.GetLength(1) != kernel.GetLength(1))
            throw new ArgumentException($"Receptive field is {receptiveField.GetLength(0)}x{receptiveField.GetLength(1)} but the kernel is " +
                $"{kernel.GetLength(0)}x{kernel.GetLength(1)}; they must have the same size.");
        double sum = 0;
        for (int y = 0; y < kernel.GetLength(0); y++)
        for (int x = 0; x < kernel.GetLength(1); x++) sum += receptiveField[y, x] * kernel[y, x];
        return sum;
    }

    /// <summary>The terms of <see cref="MultiplyAndSum"/> that are not zero, as "a*b" strings, to show how a sum arises.</summary>
    public static IReadOnlyList<string> NonZeroTerms(double[,] receptiveField, double[,] kernel)
    {
        var terms = new List<string>();
        for (int y = 0; y < kernel.GetLength(0); y++)
        for (int x = 0; x < kernel.GetLength(1); x++)
            if (receptiveField[y, x] * kernel[y, x] != 0) terms.Add($"({receptiveField[y, x]}*{kernel[y, x]})");
        return terms;
    }
}
