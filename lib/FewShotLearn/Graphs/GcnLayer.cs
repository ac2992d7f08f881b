using TorchSharp.Modules;

namespace FewShotLearn.Graphs;

/// <summary>
/// One graph convolution: H' = Â H W + b. Each node's new features are the degree-normalised sum of its own and
/// its neighbours' transformed features (image convolution generalised from pixel grids to graphs).
/// </summary>
public sealed class GcnLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear linear;
    private readonly Parameter bias;

    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/> per node.</summary>
    public GcnLayer(long inFeatures, long outFeatures) : base("GcnLayer")
    {
        linear = nn.Linear(inFeatures, outFeatures, hasBias: false);
        bias = nn.Parameter(zeros(outFeatures));
        RegisterComponents();
    }

    /// <summary>The weight W [out, in] (as stored by nn.Linear).</summary>
    public Tensor Weight => linear.weight!;

    /// <summary>The bias b [out].</summary>
    public Tensor Bias => bias;

    /// <summary>Applies the layer: <paramref name="propagation"/> is Â [N, N] (dense or sparse), <paramref name="x"/> is H [N, F].</summary>
    public override Tensor forward(Tensor propagation, Tensor x)
    {
        using var xw = linear.call(x);
        return propagation.matmul(xw) + bias;
    }
}
