namespace FewShotLearn.Meta;

/// <summary>
/// A network's functional forward bound to one set of (detached) parameters: the pretrained weights, the
/// meta-learned initialisation or weights fine-tuned on a target support set. Embeds images for retrieval.
/// </summary>
public sealed class AdaptedModel : IDisposable
{
    private readonly bool _ownsParameters;

    /// <summary>Binds <paramref name="forward"/> to <paramref name="parameters"/>; disposes them on <see cref="Dispose"/> when <paramref name="ownsParameters"/>.</summary>
    public AdaptedModel(nn.Module module, FunctionalForward forward, IReadOnlyDictionary<string, Tensor> parameters, bool ownsParameters, IReadOnlyList<double>? supportLosses = null)
    {
        Module = module;
        Forward = forward;
        Parameters = parameters;
        _ownsParameters = ownsParameters;
        SupportLosses = supportLosses ?? [];
    }

    /// <summary>
    /// Binds a module to its own current parameters (no copy): e.g. the pretrained network as it is.
    /// </summary>
    public static AdaptedModel Of(nn.Module module, FunctionalForward forward) =>
        new(module, forward, module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter), ownsParameters: false);

    /// <summary>The module whose buffers (batch-norm running statistics) the forward uses.</summary>
    public nn.Module Module { get; }

    /// <summary>The functional forward.</summary>
    public FunctionalForward Forward { get; }

    /// <summary>The bound parameters.</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters { get; }

    /// <summary>The support loss before each fine-tuning step and after the last one (empty when not fine-tuned).</summary>
    public IReadOnlyList<double> SupportLosses { get; }

    /// <summary>
    /// Embeddings of <paramref name="images"/> without gradients, in chunks of <paramref name="batchSize"/>, with the
    /// module in evaluation mode (batch norm uses running statistics, so an image's embedding does not depend on its batch).
    /// </summary>
    public Tensor Embed(Tensor images, int batchSize = 512) =>
        Retrieval.Embedder.Embed(Module, x => Forward(x, Parameters), images, embeddingDim: 0, batchSize);

    /// <summary>Writes the bound parameters into <paramref name="target"/>'s parameters of the same names (e.g. to save an adapted network).</summary>
    public void CopyInto(nn.Module target)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in target.named_parameters())
            if (Parameters.TryGetValue(name, out var value)) p.copy_(value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_ownsParameters) return;
        foreach (var p in Parameters.Values) p.Dispose();
    }
}
