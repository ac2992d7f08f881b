using static FewShotLearn.Models.Hooks;

namespace FewShotLearn.Vision;

/// <summary>The activation of one layer for one input: its name, type and output [C, H, W].</summary>
public sealed record LayerActivation(string Name, string Type, Tensor Output) : IDisposable
{
    /// <summary>Channels (feature maps) of the output.</summary>
    public int Channels => (int)Output.shape[0];

    /// <inheritdoc />
    public void Dispose() => Output.Dispose();
}

/// <summary>
/// Feature (activation) maps: captures what every layer of a CNN outputs for one image (with forward hooks on leaf
/// layers), and shows them as image grids; shows convolution kernels as heatmaps.
/// </summary>
public static class FeatureMaps
{
    /// <summary>Runs <paramref name="model"/> (eval mode, no gradients) on one image [1, C, H, W] and returns the 2-D
    /// (spatial) outputs of every leaf layer, or only those whose type name contains <paramref name="typeFilter"/> (e.g. "Conv2d").</summary>
    public static IReadOnlyList<LayerActivation> Capture(nn.Module<Tensor, Tensor> model, Tensor image, string? typeFilter = null)
    {
        if (image.dim() != 4 || image.shape[0] != 1)
            throw new ArgumentException($"FeatureMaps.Capture takes one image [1, C, H, W]; got shape [{string.Join(", ", image.shape)}].", nameof(image));
        var result = new List<LayerActivation>();
        var handles = new List<Action>();
        bool wasTraining = model.training;
        try
        {
            foreach (var (name, module) in model.named_modules())
            {
                if (module.children().Any() || module is not nn.Module<Tensor, Tensor> leaf) continue;
                if (typeFilter is not null && !leaf.GetType().Name.Contains(typeFilter, StringComparison.OrdinalIgnoreCase)) continue;
                var captured = name;
                handles.Add(Remover(leaf.register_forward_hook((m, input, output) =>
                {
                    if (output.dim() == 4) result.Add(new LayerActivation(captured, m.GetType().Name, output[0].detach().to(CPU).clone().DetachFromDisposeScope()));
                    return output;
                })));
            }
            model.eval();
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            using (no_grad())
            using (NewDisposeScope())
                model.call(image.to(device));
        }
        finally
        {
            foreach (var remove in handles) remove();
            model.train(wasTraining);
        }
        return result;
    }

    /// <summary>The first <paramref name="maxMaps"/> maps of one layer as an HTML image grid, each stretched to its own min..max.</summary>
    public static HtmlView Show(LayerActivation layer, int maxMaps = 16, int columns = 8, int cellSize = 64) =>
        ImageGrid.ToHtml(Enumerable.Range(0, Math.Min(maxMaps, layer.Channels)).Select(i => layer.Output[i]).ToArray(),
            Enumerable.Range(0, Math.Min(maxMaps, layer.Channels)).Select(i => $"#{i}").ToArray(), columns, cellSize, normalize: true,
            title: $"{layer.Name} ({layer.Type}) output [{string.Join(", ", layer.Output.shape)}]");

    /// <summary>All captured layers, one grid per layer, from input to output.</summary>
    public static HtmlView ShowAll(IReadOnlyList<LayerActivation> layers, int maxMaps = 8, int cellSize = 56) =>
        new(string.Concat(layers.Select(l => Show(l, maxMaps, maxMaps, cellSize).Html)));

    /// <summary>The weights of a conv layer [out, in, k, k] (input channel <paramref name="inputChannel"/>) as square heatmaps
    /// on the diverging map (red positive, blue negative, white 0; one scale, the layer's largest |weight|), values written in.</summary>
    public static HtmlView Kernels(nn.Module conv, string title = "Learned kernels", int inputChannel = 0, int max = 32, int columns = 8, int cell = 22)
    {
        var weight = conv.named_parameters().FirstOrDefault(p => p.name == "weight").parameter
            ?? throw new ArgumentException($"{conv.GetType().Name} has no 'weight' parameter; pass a Conv2d layer.");
        if (weight.dim() != 4) throw new ArgumentException($"Expected conv weights [out, in, k, k]; got shape [{string.Join(", ", weight.shape)}].");
        int n = (int)Math.Min(max, weight.shape[0]);
        if (inputChannel < 0 || inputChannel >= weight.shape[1]) throw new ArgumentException($"inputChannel must be 0..{weight.shape[1] - 1}; got {inputChannel}.");
        var maps = Enumerable.Range(0, n).Select(i => Matrices.FromTensor(weight[i, inputChannel])).ToArray();
        double scale = Math.Max(1e-12, maps.SelectMany(m => m.Cast<double>()).Select(Math.Abs).Max());
        var sb = new System.Text.StringBuilder($"<div style=\"font-weight:bold;margin:4px 0\">{System.Net.WebUtility.HtmlEncode(title)}</div>");
        sb.Append($"<div style=\"display:grid;grid-template-columns:repeat({Math.Min(columns, n)},max-content);gap:2px\">");
        for (int i = 0; i < n; i++) sb.Append(Widgets.WidgetHtml.SquareMatrix(maps[i], $"#{i}", cell, values: cell >= 20, scale: scale));
        sb.Append("</div>").Append(Widgets.WidgetHtml.DivergingLegend("weights:", scale));
        return new HtmlView(sb.ToString());
    }
}
