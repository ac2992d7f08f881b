namespace FewShotLearn.Vision;

/// <summary>The classic hand-made image kernels (as in the "image kernels" explorer) and applying them with torch's conv2d.</summary>
public static class Kernels
{
    static Kernel K(string name, string description, params double[][] rows) => new(name, Matrices.FromRows(rows), description);

    /// <summary>Leaves the image unchanged.</summary>
    public static Kernel Identity { get; } = K("identity", "copies the centre pixel", new double[] { 0, 0, 0 }, new double[] { 0, 1, 0 }, new double[] { 0, 0, 0 });

    /// <summary>Mean of the 3x3 neighbourhood.</summary>
    public static Kernel BoxBlur { get; } = K("box blur", "mean of the 3x3 neighbourhood",
        Enumerable.Repeat(Enumerable.Repeat(1.0 / 9, 3).ToArray(), 3).ToArray());

    /// <summary>3x3 binomial approximation of a Gaussian (weights 1-2-1 / 16).</summary>
    public static Kernel GaussianBlur { get; } = K("gaussian blur", "weighted mean, centre counts most",
        new[] { 1 / 16.0, 2 / 16.0, 1 / 16.0 }, new[] { 2 / 16.0, 4 / 16.0, 2 / 16.0 }, new[] { 1 / 16.0, 2 / 16.0, 1 / 16.0 });

    /// <summary>Boosts the centre against its four neighbours.</summary>
    public static Kernel Sharpen { get; } = K("sharpen", "centre minus neighbours: exaggerates differences",
        new double[] { 0, -1, 0 }, new double[] { -1, 5, -1 }, new double[] { 0, -1, 0 });

    /// <summary>The Laplacian: zero on flat regions, strong at edges.</summary>
    public static Kernel EdgeDetect { get; } = K("edge detect", "Laplacian: 0 on flat areas, large at edges",
        new double[] { 0, 1, 0 }, new double[] { 1, -4, 1 }, new double[] { 0, 1, 0 });

    /// <summary>Gives a raised, diagonal-light look.</summary>
    public static Kernel Emboss { get; } = K("emboss", "diagonal gradient plus the pixel: a relief look",
        new double[] { -2, -1, 0 }, new double[] { -1, 1, 1 }, new double[] { 0, 1, 2 });

    /// <summary>Centre against all eight neighbours: outlines.</summary>
    public static Kernel Outline { get; } = K("outline", "centre minus all 8 neighbours: outlines",
        new double[] { -1, -1, -1 }, new double[] { -1, 8, -1 }, new double[] { -1, -1, -1 });

    /// <summary>Horizontal gradient: responds to vertical edges.</summary>
    public static Kernel SobelX { get; } = K("sobel x", "horizontal gradient: vertical edges",
        new double[] { -1, 0, 1 }, new double[] { -2, 0, 2 }, new double[] { -1, 0, 1 });

    /// <summary>Vertical gradient: responds to horizontal edges.</summary>
    public static Kernel SobelY { get; } = K("sobel y", "vertical gradient: horizontal edges",
        new double[] { -1, -2, -1 }, new double[] { 0, 0, 0 }, new double[] { 1, 2, 1 });

    /// <summary>The course's 7x7 curve detector: weights of 30 along a curve, 0 elsewhere.</summary>
    public static Kernel CurveDetector { get; } = new("curve detector", CurveDetectorExample.Filter, "weights 30 along a curve");

    /// <summary>Every named kernel.</summary>
    public static IReadOnlyList<Kernel> All { get; } = new[] { Identity, BoxBlur, GaussianBlur, Sharpen, EdgeDetect, Emboss, Outline, SobelX, SobelY, CurveDetector };

    /// <summary>A kernel by name (case-insensitive, spaces, '-' or '_' ignored).</summary>
    public static Kernel Get(string name)
    {
        static string Key(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        return All.FirstOrDefault(k => Key(k.Name) == Key(name))
            ?? throw new ArgumentException($"Unknown kernel '{name}'. Known kernels: {string.Join(", ", All.Select(k => k.Name))}.", nameof(name));
    }

    /// <summary>The kernels' weights as square heatmaps (red positive, blue negative, values written in), each captioned
    /// with its name, what it does and the sum of its weights.</summary>
    public static Plots.HtmlView Weights(IEnumerable<Kernel> kernels, int cell = 30)
    {
        var sb = new System.Text.StringBuilder("<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start\">");
        foreach (var k in kernels)
            sb.Append(Widgets.WidgetHtml.SquareMatrix(k.Weights, $"{k.Name}: {k.Description} (weights sum to {k.Weights.Cast<double>().Sum():0.##})", k.Height > 5 ? 18 : cell));
        return new Plots.HtmlView(sb.Append("</div>").ToString());
    }

    /// <summary>
    /// Every kernel applied to <paramref name="image"/>, as an HTML grid. Kernels whose weights sum to 0 (edge detect,
    /// outline, Sobel) give signed responses around 0: they are drawn on the diverging map (blue &lt; 0 &lt; red, scaled by
    /// the largest |response|); the others (identity, blurs, sharpen, emboss) are clamped to [0, 1] like a photo.
    /// </summary>
    public static Plots.HtmlView Gallery(Tensor image, IReadOnlyList<Kernel> kernels, int columns = 3, int cellSize = 192, string? imageName = null)
    {
        var outputs = kernels.Select(k => Apply(image, k)).ToList();
        try
        {
            var signed = kernels.Select(Widgets.KernelEditor.IsZeroSum).ToArray();
            return ImageGrid.ToHtml(outputs.Select(o => o.dim() == 4 ? o[0] : o).ToArray(),
                kernels.Select((k, i) => $"{k.Name}{(signed[i] ? " (signed)" : " (clamped to [0, 1])")}").ToArray(), columns, cellSize, normalize: false,
                title: imageName is null ? null : $"every kernel on {imageName}", signed: signed);
        }
        finally { foreach (var o in outputs) o.Dispose(); }
    }

    /// <summary>The kernel as a float32 tensor [H, W].</summary>
    public static Tensor ToTensor(Kernel kernel, Device? device = null) => Matrices.ToTensor(kernel.Weights, device).reshape(kernel.Height, kernel.Width);

    /// <summary>
    /// Applies the kernel to every channel of an image [N, C, H, W] (or [C, H, W]) separately, with torch's conv2d
    /// (groups = C). <paramref name="padding"/> defaults to "same" (output as large as the input at stride 1).
    /// </summary>
    public static Tensor Apply(Tensor image, Kernel kernel, int stride = 1, int? padding = null, int dilation = 1)
    {
        bool batched = image.dim() == 4;
        if (!batched && image.dim() != 3)
            throw new ArgumentException($"Kernels.Apply expects an image [N,C,H,W] or [C,H,W]; got shape [{string.Join(", ", image.shape)}].", nameof(image));
        using var scope = NewDisposeScope();
        var x = batched ? image : image.unsqueeze(0);
        x = x.to_type(float32);
        long channels = x.shape[1];
        int pad = padding ?? (kernel.Height == kernel.Width && kernel.Height % 2 == 1 ? ConvArithmetic.SamePadding(kernel.Height, dilation) : 0);
        ConvArithmetic.OutputSize((int)x.shape[2], kernel.Height, stride, pad, dilation);
        ConvArithmetic.OutputSize((int)x.shape[3], kernel.Width, stride, pad, dilation);
        var w = ToTensor(kernel, x.device).reshape(1, 1, kernel.Height, kernel.Width).expand(channels, 1, kernel.Height, kernel.Width).contiguous();
        var y = nn.functional.conv2d(x, w, strides: new long[] { stride, stride }, padding: new long[] { pad, pad },
            dilation: new long[] { dilation, dilation }, groups: channels);
        return (batched ? y : y.squeeze(0)).MoveToOuterDisposeScope();
    }
}
