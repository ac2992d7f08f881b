namespace FewShotLearn.Models;

/// <summary>
/// The project's own small source CNN for transfer experiments: three named conv blocks (conv, optional batch norm,
/// ReLU, 2x2 max-pool), global average pooling and a linear head, built as a <see cref="TransferModel"/>.
/// </summary>
public static class TransferCnn
{
    /// <summary>Creates the network with random weights (seeded by the caller) on <paramref name="device"/>.</summary>
    /// <param name="inChannels">Image channels (1 for grayscale).</param>
    /// <param name="classes">Classes of the first head.</param>
    /// <param name="widths">Output channels of each block (default 16, 32, 64).</param>
    /// <param name="batchNorm">Batch normalisation after every convolution.</param>
    /// <param name="dropout">Dropout before the head (0 = none).</param>
    /// <param name="device">Where the weights live (default <see cref="Devices.Default"/>).</param>
    public static TransferModel Create(int inChannels, int classes, int[]? widths = null, bool batchNorm = true,
        double dropout = 0.0, Device? device = null)
    {
        widths ??= [16, 32, 64];
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), "Images need at least one channel.");
        if (widths.Length == 0 || widths.Any(w => w < 1)) throw new ArgumentException("Give at least one positive block width.", nameof(widths));
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        var cin = inChannels;
        for (var i = 0; i < widths.Length; i++)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv", nn.Conv2d(cin, widths[i], 3, padding: 1, bias: !batchNorm)) };
            if (batchNorm) layers.Add(("bn", nn.BatchNorm2d(widths[i])));
            layers.Add(("relu", nn.ReLU()));
            layers.Add(("pool", nn.MaxPool2d(2)));
            blocks.Add(($"block{i + 1}", nn.Sequential(layers)));
            cin = widths[i];
        }
        blocks.Add(("pool", nn.Sequential(("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()))));
        nn.Module<Tensor, Tensor> head = nn.Linear(cin, classes);
        if (dropout > 0) head = nn.Sequential(("dropout", nn.Dropout(dropout)), ("fc", head));
        var model = new TransferModel("TransferCnn", blocks, cin, head);
        model.to(device ?? Devices.Default);
        return model;
    }
}
