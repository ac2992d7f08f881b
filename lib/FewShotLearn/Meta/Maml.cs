namespace FewShotLearn.Meta;

/// <summary>
/// Model-agnostic meta-learning in the learn2learn style: wraps a module with a functional forward;
/// <see cref="Clone"/> gives a learner whose <see cref="MamlLearner.Adapt"/> takes inner steps
/// theta' = theta - alpha * grad (eq. 1). A loss computed with the adapted learner back-propagates
/// to the module's own parameters (second order by default, first order when asked), for eq. 2.
/// </summary>
public sealed class Maml
{
    /// <summary>Wraps <paramref name="module"/>; <paramref name="forward"/> must compute the module's output from a parameter dictionary keyed like <c>named_parameters()</c>.</summary>
    public Maml(nn.Module module, FunctionalForward forward, double innerLr, bool firstOrder = false)
    {
        if (innerLr <= 0 || double.IsNaN(innerLr))
            throw new ArgumentException($"The inner learning rate alpha must be positive; got {innerLr}.", nameof(innerLr));
        Module = module;
        Forward = forward;
        InnerLr = innerLr;
        FirstOrder = firstOrder;
        Parameters = module.named_parameters().Where(p => p.parameter.requires_grad)
            .Select(p => (p.name, (Tensor)p.parameter)).ToArray();
        if (Parameters.Count == 0)
            throw new ArgumentException("The module has no trainable parameters to meta-learn.", nameof(module));
        Names = Parameters.Select(p => p.Name).ToArray();
    }

    /// <summary>The wrapped module (its parameters are the meta-learned initialisation theta).</summary>
    public nn.Module Module { get; }

    /// <summary>The functional forward used by learners.</summary>
    public FunctionalForward Forward { get; }

    /// <summary>alpha, the inner-loop step size.</summary>
    public double InnerLr { get; }

    /// <summary>True: first-order MAML (inner gradients are detached, no second derivatives).</summary>
    public bool FirstOrder { get; }

    /// <summary>The trainable parameters, by name, in module order.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> Parameters { get; }

    /// <summary>The names of <see cref="Parameters"/>, in module order.</summary>
    internal IReadOnlyList<string> Names { get; }

    /// <summary>A learner starting at theta; its adapted parameters stay connected to theta in the autograd graph.</summary>
    public MamlLearner Clone() => new(this, Parameters.ToDictionary(p => p.Name, p => p.Tensor));
}
