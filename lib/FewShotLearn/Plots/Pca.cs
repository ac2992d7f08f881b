namespace FewShotLearn.Plots;

/// <summary>Principal component analysis by singular value decomposition (torch.linalg.svd), for 2-D views of embeddings.</summary>
public static class Pca
{
    /// <summary>
    /// Projects the rows of <paramref name="x"/> [N, D] on their first <paramref name="components"/> principal axes
    /// (after centring); returns [N, components] on the same device. Signs are fixed so each axis's largest |loading| is positive.
    /// </summary>
    public static Tensor Project(Tensor x, int components = 2)
    {
        if (x.dim() != 2) throw new ArgumentException($"PCA needs a 2-D [N, D] tensor; got [{string.Join(", ", x.shape)}].");
        if (components < 1 || components > Math.Min(x.shape[0], x.shape[1]))
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Components must be between 1 and min(N, D) = {Math.Min(x.shape[0], x.shape[1])}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var centred = x.detach().to_type(ScalarType.Float32) - x.detach().to_type(ScalarType.Float32).mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        var axes = vh.narrow(0, 0, components);                                  // [k, D]
        var pivot = axes.abs().argmax(1, keepdim: true);
        var signs = axes.gather(1, pivot).sign();                                // [k, 1]
        return centred.matmul((axes * signs).t()).MoveToOuterDisposeScope();
    }
}
