namespace FewShotLearn.Models;

/// <summary>
/// EfficientNet (Tan &amp; Le, 2019), B0-B7, following TorchVision's Python definition layer for layer (TorchVision
/// for .NET 0.107 has no EfficientNet): MBConv blocks with squeeze-and-excitation, SiLU and stochastic depth,
/// scaled in width and depth. Weights are random; the layer names match PyTorch's so its state dicts load.
/// </summary>
public sealed class EfficientNet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> avgpool;
    private readonly nn.Module<Tensor, Tensor> classifier;

    // (expand ratio, kernel, stride, input channels, output channels, layers) of B0; others scale it.
    private static readonly (int E, int K, int S, int In, int Out, int N)[] BaseStages =
        [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)];

    // (width multiplier, depth multiplier, dropout) for B0..B7, as in TorchVision.
    private static readonly (double W, double D, double Dropout)[] Variants =
        [(1.0, 1.0, 0.2), (1.0, 1.1, 0.2), (1.1, 1.2, 0.3), (1.2, 1.4, 0.3), (1.4, 1.8, 0.4), (1.6, 2.2, 0.4), (1.8, 2.6, 0.5), (2.0, 3.1, 0.5)];

    /// <summary>Builds EfficientNet-B<paramref name="variant"/> (0-7) with random weights.</summary>
    public EfficientNet(int variant, int numClasses = 1000, double stochasticDepth = 0.2, Device? device = null) : base($"efficientnet_b{variant}")
    {
        if (variant is < 0 or > 7) throw new ArgumentOutOfRangeException(nameof(variant), "EfficientNet variants are B0 to B7.");
        var (w, d, dropout) = Variants[variant];
        var stages = BaseStages.Select(s => (s.E, s.K, s.S, In: Divisible(s.In * w), Out: Divisible(s.Out * w), N: (int)Math.Ceiling(s.N * d))).ToArray();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("0", ConvNormAct(3, stages[0].In, 3, 2, 1, silu: true)) };
        var total = stages.Sum(s => s.N);
        var blockId = 0;
        foreach (var s in stages)
        {
            var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var i = 0; i < s.N; i++, blockId++)
            {
                var cin = i == 0 ? s.In : s.Out;
                stage.Add(($"{i}", new MBConv(cin, s.Out, s.E, s.K, i == 0 ? s.S : 1, stochasticDepth * blockId / total)));
            }
            layers.Add(($"{layers.Count}", nn.Sequential(stage)));
        }
        var lastIn = stages[^1].Out;
        layers.Add(($"{layers.Count}", ConvNormAct(lastIn, 4 * lastIn, 1, 1, 1, silu: true)));
        features = nn.Sequential(layers);
        avgpool = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Sequential(("0", nn.Dropout(dropout)), ("1", nn.Linear(4 * lastIn, numClasses)));
        RegisterComponents();
        this.to(device ?? Devices.Default);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => classifier.call(avgpool.call(features.call(x)).flatten(1));

    /// <summary>TorchVision's _make_divisible(v, 8): round channels to a multiple of 8, never more than 10% down.</summary>
    private static int Divisible(double v)
    {
        var n = Math.Max(8, (int)(v + 4) / 8 * 8);
        return n < 0.9 * v ? n + 8 : n;
    }

    private static nn.Module<Tensor, Tensor> ConvNormAct(int cin, int cout, int k, int stride, int groups, bool silu)
    {
        var l = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("0", nn.Conv2d(cin, cout, k, stride: stride, padding: (k - 1) / 2, groups: groups, bias: false)),
            ("1", nn.BatchNorm2d(cout)),
        };
        if (silu) l.Add(("2", nn.SiLU()));
        return nn.Sequential(l);
    }

    /// <summary>Mobile inverted bottleneck: expand 1x1, depthwise kxk, squeeze-and-excitation, project 1x1, residual.</summary>
    private sealed class MBConv : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> block;
        private readonly bool residual;
        private readonly double dropProb;

        public MBConv(int cin, int cout, int expand, int k, int stride, double dropProb) : base("MBConv")
        {
            var expanded = Divisible(cin * (double)expand);
            var l = new List<(string, nn.Module<Tensor, Tensor>)>();
            if (expanded != cin) l.Add(($"{l.Count}", ConvNormAct(cin, expanded, 1, 1, 1, silu: true)));
            l.Add(($"{l.Count}", ConvNormAct(expanded, expanded, k, stride, expanded, silu: true)));
            l.Add(($"{l.Count}", new SqueezeExcitation(expanded, Math.Max(1, cin / 4))));
            l.Add(($"{l.Count}", ConvNormAct(expanded, cout, 1, 1, 1, silu: false)));
            block = nn.Sequential(l);
            residual = stride == 1 && cin == cout;
            this.dropProb = dropProb;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = block.call(x);
            if (!residual) return y;
            if (training && dropProb > 0)
            {
                // Stochastic depth ("row" mode): drop the whole residual branch per sample.
                using var keep = empty(new long[] { x.shape[0], 1, 1, 1 }, device: x.device).bernoulli_(1 - dropProb).div_(1 - dropProb);
                y = y * keep;
            }
            return y + x;
        }
    }

    private sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> avgpool = nn.AdaptiveAvgPool2d(1);
        private readonly nn.Module<Tensor, Tensor> fc1;
        private readonly nn.Module<Tensor, Tensor> fc2;

        public SqueezeExcitation(int channels, int squeeze) : base("SqueezeExcitation")
        {
            fc1 = nn.Conv2d(channels, squeeze, 1);
            fc2 = nn.Conv2d(squeeze, channels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) =>
            x * fc2.call(nn.functional.silu(fc1.call(avgpool.call(x)))).sigmoid();
    }
}
