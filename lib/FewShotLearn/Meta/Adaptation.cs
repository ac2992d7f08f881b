using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.MetricLearning.Losses;
using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.FewShot;

namespace FewShotLearn.Meta;

/// <summary>
/// Step 4 of the method: a few plain gradient steps on a target support set S_t, starting from given
/// weights (the meta-learned initialisation, or pretrained weights for the fine-tuning baseline). Few
/// steps and a small rate keep it from over-fitting the handful of labelled images.
/// </summary>
public sealed class Adaptation
{
    /// <summary>Fine-tuning with <paramref name="loss"/> on the support set for <paramref name="steps"/> steps of size <paramref name="lr"/>.</summary>
    public Adaptation(FunctionalForward forward, IMetricLoss loss, int steps = 5, double lr = 0.1)
    {
        if (steps < 0) throw new ArgumentException($"Adaptation steps must be 0 or more; got {steps}.", nameof(steps));
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentException($"The adaptation learning rate must be a finite number greater than 0; got {lr}.", nameof(lr));
        Forward = forward;
        Loss = loss;
        Steps = steps;
        Lr = lr;
    }

    /// <summary>The network's functional forward.</summary>
    public FunctionalForward Forward { get; }

    /// <summary>The metric loss minimised on the support set.</summary>
    public IMetricLoss Loss { get; }

    /// <summary>Number of gradient steps.</summary>
    public int Steps { get; }

    /// <summary>Step size.</summary>
    public double Lr { get; }

    /// <summary>Fine-tunes copies of <paramref name="module"/>'s trainable parameters on the support set; the module is left unchanged.</summary>
    public AdaptedModel Adapt(nn.Module module, Tensor supportImages, Tensor supportLabels) =>
        Adapt(module, module.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => (Tensor)p.parameter),
            supportImages, supportLabels);

    /// <summary>
    /// Fine-tunes copies of <paramref name="start"/> (parameters of <paramref name="module"/>'s architecture) on the support set.
    /// Like the MAML inner loop, batch norm uses the support batch's statistics; the module's running statistics are restored
    /// afterwards, so adapting to one task never changes another.
    /// </summary>
    public AdaptedModel Adapt(nn.Module module, IReadOnlyDictionary<string, Tensor> start, Tensor supportImages, Tensor supportLabels)
    {
        var wasTraining = module.training;
        var buffers = module.named_buffers().Select(b => (b.buffer, b.buffer.detach().clone())).ToArray();
        module.train();
        try { return AdaptCore(module, start, supportImages, supportLabels); }
        finally
        {
            using (torch.no_grad())
                foreach (var (live, saved) in buffers) { live.copy_(saved); saved.Dispose(); }
            if (!wasTraining) module.eval();
        }
    }

    private AdaptedModel AdaptCore(nn.Module module, IReadOnlyDictionary<string, Tensor> start, Tensor supportImages, Tensor supportLabels)
    {
        var names = start.Keys.ToArray();
        var current = names.Select(n => start[n].detach().clone()).ToArray();
        var losses = new List<double>();
        var guard = new Training.LossGuard("adaptation", Lr);
        for (var step = 0; step <= Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            if (step == Steps)
            {
                using var noGrad = torch.no_grad();
                using var final = Loss.Compute(Forward(supportImages, Dict(names, current)), supportLabels);
                losses.Add(guard.Check(final.item<float>(), step + 1));
                break;
            }
            foreach (var p in current) p.requires_grad_(true);
            var loss = Loss.Compute(Forward(supportImages, Dict(names, current)), supportLabels);
            losses.Add(guard.Check(loss.item<float>(), step + 1));
            var grads = torch.autograd.grad([loss], current, allow_unused: true);
            var next = new Tensor[current.Length];
            using (torch.no_grad())
            {
                for (var i = 0; i < current.Length; i++)
                    next[i] = grads[i] is { IsInvalid: false } g ? (current[i] - Lr * g).MoveToOuterDisposeScope() : current[i].detach().clone().MoveToOuterDisposeScope();
            }
            foreach (var p in current) p.Dispose();
            current = next;
        }
        foreach (var p in current) p.requires_grad_(false);
        return new AdaptedModel(module, Forward, Dict(names, current), ownsParameters: true, losses);
    }

    private static Dictionary<string, Tensor> Dict(string[] names, Tensor[] values) =>
        names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2);
}
