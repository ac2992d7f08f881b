namespace FewShotLearn.Sampling;

/// <summary>
/// A split of a data set's classes into base classes (meta-training) and novel classes (held out for
/// evaluation), so that no novel class is ever seen during training.
/// </summary>
public sealed record ClassSplit(IReadOnlyList<int> Base, IReadOnlyList<int> Novel)
{
    /// <summary>A random split of classes 0..classCount-1 with <paramref name="novelCount"/> novel classes, deterministic by seed.</summary>
    public static ClassSplit Random(int classCount, int novelCount, int seed = 0)
    {
        if (classCount < 2)
            throw new ArgumentException($"A class split needs at least 2 classes; got {classCount}.", nameof(classCount));
        if (novelCount < 1 || novelCount >= classCount)
            throw new ArgumentException($"novelCount must be between 1 and {classCount - 1} (the number of classes minus one); got {novelCount}.", nameof(novelCount));
        var order = Enumerable.Range(0, classCount).ToArray();
        new Random(seed).Shuffle(order);
        return new ClassSplit(order[novelCount..].Order().ToArray(), order[..novelCount].Order().ToArray());
    }

    /// <summary>The first <paramref name="baseCount"/> classes are base, the rest novel (no shuffling).</summary>
    public static ClassSplit Ordered(int classCount, int baseCount)
    {
        if (baseCount < 1 || baseCount >= classCount)
            throw new ArgumentException($"baseCount must be between 1 and {classCount - 1}; got {baseCount} of {classCount} classes.", nameof(baseCount));
        return new ClassSplit(Enumerable.Range(0, baseCount).ToArray(), Enumerable.Range(baseCount, classCount - baseCount).ToArray());
    }
}
