namespace FewShotLearn.Meta;

/// <summary>
/// Meta-SGD's learned inner learning rates (Li et al. 2017): one step-size tensor of each weight's shape, initialised to
/// alpha and meta-learned with the initialisation by the outer optimiser (the patent's background names learning the
/// initialisation or the learning rate). Passed to <see cref="InnerStep"/>, so the inner loop and the target adaptation
/// take per-weight steps alpha_p * grad.
/// </summary>
public sealed class LearnedInnerRates : IDisposable
{
    /// <summary>Rates for every weight of <paramref name="weights"/>, all equal to <paramref name="initial"/>.</summary>
    public LearnedInnerRates(IEnumerable<(string Name, Tensor Weight)> weights, double initial)
    {
        if (!(initial > 0) || double.IsInfinity(initial)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "The initial inner learning rate must be positive.");
        Rates = weights.ToDictionary(w => w.Name, w =>
            (Tensor)new TorchSharp.Modules.Parameter(full_like(w.Weight.detach(), initial), requires_grad: true));
        Initial = initial;
    }

    /// <summary>The starting value alpha.</summary>
    public double Initial { get; }

    /// <summary>The rate tensor of each weight, by weight name (trainable leaves).</summary>
    public IReadOnlyDictionary<string, Tensor> Rates { get; }

    /// <summary>The tensors for the outer optimiser.</summary>
    public IEnumerable<Tensor> Parameters => Rates.Values;

    /// <summary>Mean, smallest and largest learned rate over every weight.</summary>
    public (double Mean, double Min, double Max) Summary()
    {
        using var noGrad = no_grad();
        using var all = cat(Rates.Values.Select(r => r.flatten()).ToList(), 0);
        return (all.mean().item<float>(), all.min().item<float>(), all.max().item<float>());
    }

    /// <summary>Detached copies (e.g. to adapt to target tasks after meta-training).</summary>
    public IReadOnlyDictionary<string, Tensor> Snapshot()
    {
        using var noGrad = no_grad();
        return Rates.ToDictionary(r => r.Key, r => r.Value.detach().clone());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in Rates.Values) r.Dispose();
    }
}
