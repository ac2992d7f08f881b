namespace FewShotLearn.Transfer;

/// <summary>
/// Which layer groups train during transfer: the head always; plus the top <see cref="TrainableBlocks"/>
/// backbone blocks (0 = feature extraction, -1 = everything).
/// </summary>
public readonly record struct FreezeStrategy(string Name, int TrainableBlocks)
{
    /// <summary>Feature extraction: the pretrained backbone is frozen, only the new head trains.</summary>
    public static FreezeStrategy HeadOnly => new("head only", 0);

    /// <summary>Fine-tuning of the top <paramref name="k"/> backbone blocks plus the head.</summary>
    public static FreezeStrategy TopBlocks(int k) =>
        k < 0 ? throw new ArgumentOutOfRangeException(nameof(k), "k must be >= 0; use Everything for the whole model.") : new($"top {k} block{(k == 1 ? "" : "s")}", k);

    /// <summary>Every layer trains (full fine-tuning, or from scratch when the weights are random).</summary>
    public static FreezeStrategy Everything => new("everything", -1);

    /// <inheritdoc />
    public override string ToString() => Name;
}
