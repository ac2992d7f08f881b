using TorchSharp.Modules;

namespace FewShotLearn.Models;

/// <summary>
/// conv3x3 -> batch norm -> ReLU -> 2x2 max pool: the block of <see cref="Conv4"/> and <see cref="EmbeddingNet"/>. Its
/// forward is functional (<see cref="ForwardWith"/>, explicit parameters) so MAML can run it with adapted weights; the
/// batch-norm running statistics are the block's own buffers.
/// </summary>
sealed class ConvBlock : nn.Module
{
    const double BnMomentum = 0.1, BnEps = 1e-5;

    public readonly Conv2d conv;
    public readonly BatchNorm2d bn;

    public ConvBlock(int cin, int cout) : base("ConvBlock")
    {
        conv = nn.Conv2d(cin, cout, 3, padding: 1);
        bn = nn.BatchNorm2d(cout, eps: BnEps, momentum: BnMomentum);
        RegisterComponents();
    }

    /// <summary>
    /// The block on <paramref name="h"/> with the parameters <paramref name="prefix"/> + "conv.weight", "conv.bias",
    /// "bn.weight", "bn.bias" looked up by <paramref name="parameter"/>; batch statistics when <paramref name="training"/>
    /// (updating the running ones), running statistics otherwise. A map smaller than 2x2 is not pooled.
    /// </summary>
    public Tensor ForwardWith(Tensor h, string prefix, Func<string, Tensor> parameter, bool training)
    {
        h = nn.functional.conv2d(h, parameter(prefix + "conv.weight"), parameter(prefix + "conv.bias"), padding: [1, 1]);
        h = nn.functional.batch_norm(h, bn.running_mean, bn.running_var, parameter(prefix + "bn.weight"), parameter(prefix + "bn.bias"),
            training: training, momentum: BnMomentum, eps: BnEps);
        h = nn.functional.relu(h);
        return h.shape[2] >= 2 && h.shape[3] >= 2 ? nn.functional.max_pool2d(h, kernel_size: 2, stride: 2) : h;
    }
}
