using Plotly.NET;
using Plotly.NET.CSharp;

namespace FewShotLearn.Vision;

/// <summary>The outcome of <see cref="KernelLearning.Recover"/>: the kernel that made the targets, the one learned from
/// the input/output pairs, and the loss and the distance to the true kernel at every step.</summary>
public sealed record KernelLearningResult(Kernel Target, double[,] Initial, double[,] Learned, IReadOnlyList<double> Losses,
    IReadOnlyList<double> Distances, IReadOnlyList<(int Step, double[,] Kernel)> Snapshots, int Images)
{
    /// <summary>Largest |learned − true| weight.</summary>
    public double MaxError => Enumerable.Range(0, Learned.GetLength(0)).SelectMany(y => Enumerable.Range(0, Learned.GetLength(1)).Select(x => Math.Abs(Learned[y, x] - Target.Weights[y, x]))).Max();

    /// <summary>Loss (log scale) and distance to the true kernel against the step.</summary>
    public GenericChart Chart(string title)
    {
        var steps = Enumerable.Range(1, Losses.Count).Select(i => (double)i).ToArray();
        return Charts.Lines(title, "gradient-descent step", "value (log scale)", ("MSE loss", steps, Losses.ToArray()), ("max |learned − true| weight", steps, Distances.ToArray()))
            .WithYAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>The true kernel, the random start, a few intermediate kernels and the learned one as square heatmaps.</summary>
    public HtmlView Heatmaps()
    {
        double scale = Math.Max(1e-12, Target.Weights.Cast<double>().Select(Math.Abs).Max());
        var sb = new System.Text.StringBuilder("<div>");
        sb.Append(Widgets.WidgetHtml.SquareMatrix(Target.Weights, $"true kernel ({Target.Name})", 34, scale: scale));
        sb.Append(Widgets.WidgetHtml.SquareMatrix(Initial, "random start (step 0)", 34, scale: scale));
        foreach (var (step, k) in Snapshots) sb.Append(Widgets.WidgetHtml.SquareMatrix(k, $"after step {step}", 34, scale: scale));
        sb.Append(Widgets.WidgetHtml.SquareMatrix(Learned, $"learned (step {Losses.Count})", 34, scale: scale));
        return new HtmlView(sb.Append("</div>").Append(Widgets.WidgetHtml.DivergingLegend("weights:", scale)).ToString());
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"recovered the {Target.Height}x{Target.Width} '{Target.Name}' kernel from {Images} input/output image pairs in {Losses.Count} steps: " +
        $"loss {Losses[0]:G3} -> {Losses[^1]:G3}, largest weight error {MaxError:G3}";
}

/// <summary>
/// "A CNN learns its filters", made visible: filter some images with a known kernel, then start from a random kernel
/// and fit it to the input/output pairs by gradient descent on the mean squared error (the same loop as training a
/// network: zero_grad, forward = conv2d, loss, backward, step; Adam with a one-cycle learning-rate schedule). The learned weights converge to the true ones.
/// </summary>
public static class KernelLearning
{
    /// <summary>Recovers <paramref name="target"/> from <paramref name="images"/> [N, 1, H, W] filtered by it.</summary>
    public static KernelLearningResult Recover(Tensor images, Kernel target, int steps = 300, double learningRate = 0.5, int seed = 0, int snapshots = 3)
    {
        if (images.dim() != 4 || images.shape[1] != 1) throw new ArgumentException($"Expected gray images [N, 1, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (steps < 1 || steps > 100_000) throw new ArgumentException($"steps must be 1..100000; got {steps}.", nameof(steps));
        if (!(learningRate > 0) || double.IsInfinity(learningRate)) throw new ArgumentException($"learningRate must be a positive number; got {learningRate}.", nameof(learningRate));
        using var scope = NewDisposeScope();
        Seeding.Seed(seed);
        var x = images.detach().to(CPU).to_type(float32);
        int pad = target.Height / 2;
        var truth = Kernels.ToTensor(target).reshape(1, 1, target.Height, target.Width);
        var y = nn.functional.conv2d(x, truth, padding: new long[] { pad, pad });
        var w = new TorchSharp.Modules.Parameter(randn(1, 1, target.Height, target.Width) * 0.5, requires_grad: true);
        var initial = Matrices.FromTensor(w.detach()[0, 0]);
        using var optimizer = optim.Adam(new[] { w }, learningRate);
        var losses = new List<double>(); var distances = new List<double>(); var snaps = new List<(int, double[,])>();
        var snapAt = new HashSet<int>(Enumerable.Range(1, snapshots).Select(i => (int)Math.Round(Math.Pow(steps, (double)i / (snapshots + 1)))));
        for (int step = 1; step <= steps; step++)
        {
            using var stepScope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = Training.LearningRates.At(Training.LearningRateSchedule.OneCycle, learningRate, step - 1, steps);
            optimizer.zero_grad();
            var prediction = nn.functional.conv2d(x, w, padding: new long[] { pad, pad });
            var loss = nn.functional.mse_loss(prediction, y);
            loss.backward();
            optimizer.step();
            double l = loss.item<float>();
            if (!double.IsFinite(l)) throw new InvalidOperationException($"The kernel-fitting loss became {l} at step {step}; lower learningRate (now {learningRate}).");
            losses.Add(l);
            distances.Add((w.detach() - truth).abs().max().item<float>());
            if (snapAt.Contains(step)) snaps.Add((step, Matrices.FromTensor(w.detach()[0, 0])));
        }
        return new KernelLearningResult(target, initial, Matrices.FromTensor(w.detach()[0, 0]), losses, distances, snaps, (int)x.shape[0]);
    }
}
