namespace FewShotLearn.Meta;

/// <summary>How an inner step connects the new weights to the old ones in the autograd graph.</summary>
public enum InnerGraph
{
    /// <summary>Second-order MAML: the gradient keeps its graph, so an outer backward differentiates through it.</summary>
    SecondOrder,

    /// <summary>First-order MAML: the gradient is detached; the new weights stay connected to the old ones by the identity.</summary>
    FirstOrder,

    /// <summary>Plain fine-tuning (target adaptation): new detached weights.</summary>
    None,
}

/// <summary>
/// The one inner step of the library: theta' = theta - alpha * grad L(theta) (eq. 1), with one step size alpha or a
/// learned step size per weight (Meta-SGD, Li et al. 2017: theta' = theta - alpha_p (elementwise) grad). Used by the MAML
/// learner (<see cref="MamlLearner.Adapt"/>) and by the target adaptation (<see cref="Adaptation"/>).
/// </summary>
public static class InnerStep
{
    /// <summary>
    /// One step from <paramref name="weights"/> on <paramref name="loss"/>. <paramref name="rates"/>, when given, holds a
    /// step-size tensor per weight name (broadcastable to the weight); names it lacks use <paramref name="lr"/>. Weights the
    /// loss does not depend on are kept. A non-finite loss is an error naming the fix.
    /// </summary>
    public static Dictionary<string, Tensor> Apply(IReadOnlyDictionary<string, Tensor> weights, Tensor loss, double lr,
        IReadOnlyDictionary<string, Tensor>? rates, InnerGraph graph)
    {
        double value;
        using (var scalar = loss.detach().to_type(ScalarType.Float64)) value = scalar.item<double>();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The support (inner) loss is {value}; lower the inner learning rate (--inner-lr) or the number of inner steps (--inner-steps).");
        var names = weights.Keys.ToArray();
        var inputs = names.Select(n => weights[n]).ToArray();
        var keep = graph == InnerGraph.SecondOrder;
        var grads = autograd.grad([loss], inputs, retain_graph: keep, create_graph: keep, allow_unused: true);
        var next = new Dictionary<string, Tensor>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            var g = grads[i];
            if (g is null || g.IsInvalid)
            {
                next[names[i]] = graph == InnerGraph.None ? inputs[i].detach().clone() : inputs[i];
                continue;
            }
            if (!keep) g = g.detach();
            Tensor step;
            if (rates is not null && rates.TryGetValue(names[i], out var rate))
                step = graph == InnerGraph.None ? rate.detach() * g : rate * g;
            else
                step = lr * g;
            next[names[i]] = graph == InnerGraph.None ? inputs[i].detach() - step : inputs[i] - step;
        }
        return next;
    }
}
