namespace FewShotLearn.Models;

/// <summary>Helpers for TorchSharp forward hooks.</summary>
static class Hooks
{
    /// <summary>An action that removes the hook.</summary>
    internal static Action Remover(nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover handle) =>
        () => handle.remove();
}
