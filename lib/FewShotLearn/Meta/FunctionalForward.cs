namespace FewShotLearn.Meta;

/// <summary>
/// A model's forward pass with explicit parameters (name -> tensor), so adapted "fast weights" can be
/// used without touching the module's own parameters (e.g. <c>EmbeddingNet.ForwardWith</c>).
/// </summary>
public delegate Tensor FunctionalForward(Tensor input, IReadOnlyDictionary<string, Tensor> parameters);
