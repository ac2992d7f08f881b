namespace FewShotLearn.Vision;

/// <summary>Output-size arithmetic of convolution and pooling: floor((in + 2p - d(k-1) - 1) / s) + 1.</summary>
public static class ConvArithmetic
{
    /// <summary>The output length along one axis; throws with the reason when the combination is impossible.</summary>
    public static int OutputSize(int input, int kernel, int stride = 1, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        if (input <= 0) throw new ArgumentException($"Input size must be positive; got {input}.", nameof(input));
        if (kernel <= 0) throw new ArgumentException($"Kernel size must be positive; got {kernel}.", nameof(kernel));
        if (stride <= 0) throw new ArgumentException($"Stride must be at least 1; got {stride} (a stride of 0 would never move the filter).", nameof(stride));
        if (padding < 0) throw new ArgumentException($"Padding cannot be negative; got {padding}.", nameof(padding));
        if (dilation <= 0) throw new ArgumentException($"Dilation must be at least 1; got {dilation}.", nameof(dilation));
        int effective = dilation * (kernel - 1) + 1;
        int padded = input + 2 * padding;
        if (effective > padded)
            throw new ArgumentException($"Kernel covers {effective} pixels (kernel {kernel}, dilation {dilation}) but the padded input is only {padded} " +
                $"(input {input} + 2 x padding {padding}): no position fits. Use a smaller kernel or more padding.", nameof(kernel));
        int span = padded - effective;
        int size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        // PyTorch's rule: with ceil_mode the last window must start inside the input or left padding.
        if (ceilMode && (size - 1) * stride >= input + padding) size--;
        return size;
    }

    /// <summary>The padding that keeps the size unchanged at stride 1 ("same"), defined for odd kernels.</summary>
    public static int SamePadding(int kernel, int dilation = 1)
    {
        if (kernel <= 0 || kernel % 2 == 0)
            throw new ArgumentException($"'Same' padding needs an odd kernel size; got {kernel}.", nameof(kernel));
        return dilation * (kernel - 1) / 2;
    }
}
