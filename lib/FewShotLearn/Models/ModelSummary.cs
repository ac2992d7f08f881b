using System.Net;
using static FewShotLearn.Models.Hooks;

namespace FewShotLearn.Models;

/// <summary>One leaf layer of a model: where it sits, what it is, what it outputs and how many parameters it holds.</summary>
public sealed record LayerSummary(string Name, string Type, long[] OutputShape, long Parameters, long TrainableParameters)
{
    /// <summary>The output shape as "[1, 32, 28, 28]".</summary>
    public string Shape => "[" + string.Join(", ", OutputShape) + "]";
}

/// <summary>
/// A torchinfo-like summary: runs the model once on a sample batch and lists each leaf layer (in call order) with its
/// output shape and parameter count.
/// </summary>
public sealed class ModelSummary
{
    ModelSummary(string model, long[] inputShape, IReadOnlyList<LayerSummary> layers, long total, long trainable)
    {
        Model = model; InputShape = inputShape; Layers = layers; TotalParameters = total; TrainableParameters = trainable;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The shape of the sample input.</summary>
    public long[] InputShape { get; }

    /// <summary>The leaf layers in the order they ran.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>All parameters of the model (counted once each).</summary>
    public long TotalParameters { get; }

    /// <summary>Parameters with requires_grad.</summary>
    public long TrainableParameters { get; }

    /// <summary>Summarises <paramref name="model"/> by running it (in eval mode, without gradients) on <paramref name="sample"/>.</summary>
    public static ModelSummary Of(nn.Module<Tensor, Tensor> model, Tensor sample)
    {
        var leaves = model.named_modules().Where(m => !m.module.children().Any() && m.module is nn.Module<Tensor, Tensor>)
            .Select(m => (m.name, module: (nn.Module<Tensor, Tensor>)m.module)).ToList();
        var records = new List<LayerSummary>();
        var handles = new List<Action>();
        bool wasTraining = model.training;
        try
        {
            foreach (var (name, module) in leaves)
            {
                var captured = name;
                handles.Add(Remover(module.register_forward_hook((m, input, output) =>
                {
                    var ps = m.parameters().ToList();
                    records.Add(new LayerSummary(captured, m.GetType().Name, output.shape.ToArray(),
                        ps.Sum(p => p.numel()), ps.Where(p => p.requires_grad).Sum(p => p.numel())));
                    return output;
                })));
            }
            model.eval();
            using (no_grad())
            using (NewDisposeScope())
                model.call(sample);
        }
        finally
        {
            foreach (var remove in handles) remove();
            model.train(wasTraining);
        }
        // Leaves that never ran (e.g. unused heads) still own parameters: list them without a shape.
        foreach (var (name, module) in leaves.Where(l => records.All(r => r.Name != l.name)))
        {
            var ps = module.parameters().ToList();
            records.Add(new LayerSummary(name, module.GetType().Name, Array.Empty<long>(), ps.Sum(p => p.numel()), ps.Where(p => p.requires_grad).Sum(p => p.numel())));
        }
        var all = model.parameters().ToList();
        return new ModelSummary(model.GetType().Name, sample.shape.ToArray(), records, all.Sum(p => p.numel()), all.Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    /// <summary>The summary as an HTML table (notebooks).</summary>
    public HtmlView ToHtml()
    {
        var sb = new StringBuilder($"<table><caption>{WebUtility.HtmlEncode(Model)}, input [{string.Join(", ", InputShape)}]</caption>");
        sb.Append("<tr><th>layer</th><th>type</th><th>output shape</th><th>parameters</th><th>trainable</th></tr>");
        foreach (var l in Layers)
            sb.Append($"<tr><td>{WebUtility.HtmlEncode(l.Name)}</td><td>{l.Type}</td><td>{l.Shape}</td><td style=\"text-align:right\">{l.Parameters:N0}</td><td style=\"text-align:right\">{l.TrainableParameters:N0}</td></tr>");
        sb.Append($"<tr><td colspan=\"3\"><b>total</b></td><td style=\"text-align:right\"><b>{TotalParameters:N0}</b></td><td style=\"text-align:right\"><b>{TrainableParameters:N0}</b></td></tr></table>");
        return new HtmlView(sb.ToString());
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"{Model}, input [{string.Join(", ", InputShape)}]\n");
        int nw = Math.Max(5, Layers.Select(l => l.Name.Length).DefaultIfEmpty(0).Max());
        int tw = Math.Max(4, Layers.Select(l => l.Type.Length).DefaultIfEmpty(0).Max());
        sb.Append($"{"layer".PadRight(nw)}  {"type".PadRight(tw)}  {"output shape",-20} {"params",12}\n");
        foreach (var l in Layers) sb.Append($"{l.Name.PadRight(nw)}  {l.Type.PadRight(tw)}  {l.Shape,-20} {l.Parameters,12:N0}\n");
        sb.Append($"total parameters {TotalParameters:N0}, trainable {TrainableParameters:N0}\n");
        return sb.ToString();
    }
}
