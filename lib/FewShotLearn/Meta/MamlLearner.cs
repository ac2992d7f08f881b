using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.FewShot;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.Meta;

/// <summary>
/// A MAML learner: the current fast weights theta'_k, a forward pass using them and an inner step
/// (<see cref="Adapt"/>). Created by <see cref="Maml.Clone"/>.
/// </summary>
public sealed class MamlLearner
{
    private readonly Maml _maml;
    private Dictionary<string, Tensor> _parameters;

    internal MamlLearner(Maml maml, Dictionary<string, Tensor> parameters)
    {
        _maml = maml;
        _parameters = parameters;
    }

    /// <summary>The current fast weights (theta after <see cref="Steps"/> inner steps).</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters => _parameters;

    /// <summary>Inner steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The model's output with the fast weights.</summary>
    public Tensor Forward(Tensor input) => _maml.Forward(input, _parameters);

    /// <summary>
    /// One inner step theta' = theta' - alpha * grad(loss) (eq. 1). Second order: the gradient keeps its
    /// graph (create_graph and retain_graph), so a later outer backward differentiates through it.
    /// First order: the gradient is detached.
    /// </summary>
    public void Adapt(Tensor loss, double? innerLr = null)
    {
        var alpha = innerLr ?? _maml.InnerLr;
        var names = _parameters.Keys.ToArray();
        var inputs = names.Select(n => _parameters[n]).ToArray();
        var secondOrder = !_maml.FirstOrder;
        var grads = torch.autograd.grad([loss], inputs, retain_graph: secondOrder, create_graph: secondOrder, allow_unused: true);
        var next = new Dictionary<string, Tensor>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            var g = grads[i];
            if (g is null || g.IsInvalid) { next[names[i]] = inputs[i]; continue; }
            if (!secondOrder) g = g.detach();
            next[names[i]] = inputs[i] - alpha * g;
        }
        _parameters = next;
        Steps++;
    }
}
