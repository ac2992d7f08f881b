using TorchSharp.Modules;

namespace FewShotLearn.Models;

/// <summary>
/// The classic MAML classifier (Finn et al. 2017, Omniglot): four conv3x3-batchnorm-relu-maxpool2 blocks, flatten and a
/// linear head over N ways. Like <see cref="EmbeddingNet"/>, every forward runs through <see cref="ForwardWith"/> with an
/// explicit parameter dictionary so MAML can evaluate it with adapted weights; batch norm uses batch statistics in training
/// mode (updating the running statistics) and running statistics in eval mode.
/// </summary>
public sealed class Conv4 : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<ConvBlock> blocks;
    readonly Linear head;

    /// <summary>Builds a randomly initialised network for <paramref name="size"/>x<paramref name="size"/> images on <paramref name="device"/>.</summary>
    public Conv4(int ways = 5, int inChannels = 1, int channels = 64, int size = 28, Device? device = null) : base("Conv4")
    {
        if (ways < 2) throw new ArgumentException($"Conv4 needs at least 2 ways (classes); got {ways}.", nameof(ways));
        if (inChannels < 1 || channels < 1) throw new ArgumentException($"Channels must be positive; got in {inChannels}, hidden {channels}.");
        if (size < 16 || size > 1024) throw new ArgumentException($"Image size must be within 16..1024 so four 2x2 poolings leave at least one pixel; got {size}.", nameof(size));
        Ways = ways;
        InChannels = inChannels;
        Channels = channels;
        Size = size;
        blocks = new ModuleList<ConvBlock>();
        var cin = inChannels;
        var s = size;
        for (var i = 0; i < 4; i++)
        {
            blocks.Add(new ConvBlock(cin, channels));
            cin = channels;
            s /= 2;
        }
        FeatureDim = channels * s * s;
        head = nn.Linear(FeatureDim, ways);
        RegisterComponents();
        this.to(device ?? Devices.Default);
    }

    /// <summary>N, the classes the head scores.</summary>
    public int Ways { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Channels of every conv block.</summary>
    public int Channels { get; }

    /// <summary>Input image side in pixels.</summary>
    public int Size { get; }

    /// <summary>Length of the flattened feature map fed to the head.</summary>
    public int FeatureDim { get; }

    /// <summary>Logits [B, Ways] with the module's own parameters.</summary>
    public override Tensor forward(Tensor x) => ForwardWith(x, Parameters());

    /// <summary>The parameters by name ("blocks.0.conv.weight", ..., "head.bias"), the dictionary <see cref="ForwardWith"/> expects.</summary>
    public Dictionary<string, Tensor> Parameters() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    /// <summary>The batch-norm running mean and variance of block <paramref name="i"/> (buffers, not meta-learned).</summary>
    public (Tensor Mean, Tensor Var) RunningStatistics(int i) => (blocks[i].bn.running_mean!, blocks[i].bn.running_var!);

    /// <summary>Functional forward with explicit parameter tensors (same names as <see cref="Parameters"/>).</summary>
    public Tensor ForwardWith(Tensor x, IReadOnlyDictionary<string, Tensor> parameters)
    {
        if (x.dim() != 4 || x.shape[1] != InChannels || x.shape[2] != Size || x.shape[3] != Size)
            throw new ArgumentException($"Conv4 expects images [B, {InChannels}, {Size}, {Size}]; got [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        var h = x;
        for (var i = 0; i < blocks.Count; i++)
            h = blocks[i].ForwardWith(h, $"blocks.{i}.", name => Get(parameters, name), training);
        return nn.functional.linear(h.flatten(1), Get(parameters, "head.weight"), Get(parameters, "head.bias")).MoveToOuterDisposeScope();
    }

    static Tensor Get(IReadOnlyDictionary<string, Tensor> p, string name) =>
        p.TryGetValue(name, out var t) ? t : throw new ArgumentException($"Parameter '{name}' is missing from the dictionary given to Conv4.ForwardWith; " +
            "pass Conv4.Parameters() or a dictionary with the same names.");
}
