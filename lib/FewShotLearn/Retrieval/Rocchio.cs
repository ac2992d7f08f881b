namespace FewShotLearn.Retrieval;

/// <summary>
/// Query refinement from relevance feedback in embedding space (Rocchio 1971): q' = alpha q + beta mean(marked correct)
/// - gamma mean(marked wrong), L2-normalised like every embedding of the library, so the next search moves toward the
/// images the person accepted and away from those they rejected.
/// </summary>
public sealed record Rocchio(double Alpha = 1.0, double Beta = 0.75, double Gamma = 0.25)
{
    /// <summary>Checks the weights.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0) || !(Beta >= 0) || !(Gamma >= 0) || double.IsInfinity(Alpha + Beta + Gamma) || Alpha + Beta == 0)
            throw new ArgumentException($"Rocchio weights must be finite and non-negative with alpha + beta > 0; got alpha {Alpha}, beta {Beta}, gamma {Gamma}.");
    }

    /// <summary>The refined query [D] from the query [D] and the embeddings [P, D] / [N, D] of the marked results (either may have no rows).</summary>
    public Tensor Refine(Tensor query, Tensor correct, Tensor wrong)
    {
        Validate();
        using var scope = NewDisposeScope();
        var q = query.dim() == 2 ? query[0] : query;
        var v = Alpha * q;
        if (correct.shape[0] > 0) v = v + Beta * correct.mean([0]);
        if (wrong.shape[0] > 0) v = v - Gamma * wrong.mean([0]);
        return nn.functional.normalize(v.unsqueeze(0), p: 2, dim: 1, eps: 1e-12)[0].MoveToOuterDisposeScope();
    }
}
