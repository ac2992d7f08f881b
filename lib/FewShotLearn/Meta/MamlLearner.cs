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
    /// One inner step theta' = theta' - alpha * grad(loss) (eq. 1), by <see cref="InnerStep.Apply"/> (the library's one inner
    /// step, shared with the target adaptation). With <paramref name="rates"/> (Meta-SGD's learned per-weight step sizes,
    /// <see cref="LearnedInnerRates.Rates"/>) the step is alpha_p * grad and the outer backward reaches the rates too.
    /// Second order: the gradient keeps its graph (create_graph and retain_graph), so a later outer backward differentiates
    /// through it. First order: the gradient is taken without a graph (a constant) and the inner graph is freed by the call;
    /// theta' stays connected to theta by the update alone, so the outer backward gives the query-loss gradient at theta' to theta.
    /// The gradients and temporaries of the step are released here, whatever dispose scope the caller has, and so are the
    /// previous fast weights this learner made (read <see cref="Parameters"/> after the step, not before); the new fast
    /// weights belong to the caller's scope like any tensor the caller creates. The support loss and the logits it was
    /// computed from can be disposed once the step is taken (<c>using var</c>, as Python's rebinding does); at first order the
    /// step itself frees their graph's saved tensors, so holding them to the end of the task costs little: 1-2 MiB of a
    /// 78 MiB first-order meta-iteration in <c>fewshot benchmark maml --workload conv4</c>.
    /// </summary>
    public void Adapt(Tensor loss, double? innerLr = null, IReadOnlyDictionary<string, Tensor>? rates = null)
    {
        var alpha = innerLr ?? _maml.InnerLr;
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentException($"The inner learning rate alpha must be positive and finite; got {alpha}.", nameof(innerLr));
        var previous = _parameters;
        var next = new Dictionary<string, Tensor>(previous.Count);
        using (var step = torch.NewDisposeScope())
        {
            var graph = _maml.FirstOrder ? InnerGraph.FirstOrder : InnerGraph.SecondOrder;
            foreach (var (name, weight) in InnerStep.Apply(previous, loss, alpha, rates, graph))
                next[name] = ReferenceEquals(weight, previous[name]) ? weight : weight.MoveToOuterDisposeScope();
        }
        // The previous fast weights this learner made are no longer reachable from C#; the autograd graph keeps what
        // the outer backward needs by itself, so their handles are released now instead of at the caller's scope end
        // (or, with no scope, whenever the garbage collector gets to them). theta itself is never released.
        if (Steps > 0)
        {
            var theta = _maml.Parameters.Select(p => p.Tensor).ToArray();
            foreach (var (name, old) in previous)
                if (!ReferenceEquals(old, next[name]) && !theta.Any(t => ReferenceEquals(t, old)))
                    old.Dispose();
        }
        _parameters = next;
        Steps++;
    }
}
