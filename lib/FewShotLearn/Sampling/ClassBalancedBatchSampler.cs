namespace FewShotLearn.Sampling;

/// <summary>
/// Draws metric-learning batches of P classes x K images ("PK sampling"), so every batch holds positives and negatives.
/// Classes are drawn without replacement per batch; a class with fewer than K images is sampled with replacement.
/// Only classes with at least 2 images are used. Deterministic for a given seed.
/// </summary>
public sealed class ClassBalancedBatchSampler
{
    readonly int[][] byClass;
    readonly long[] classIds;
    readonly Random rng;

    /// <summary>Creates the sampler over <paramref name="labels"/>.</summary>
    public ClassBalancedBatchSampler(IReadOnlyList<long> labels, int classesPerBatch, int samplesPerClass, int seed)
    {
        if (classesPerBatch < 2) throw new ArgumentOutOfRangeException(nameof(classesPerBatch), classesPerBatch, "A metric-learning batch needs at least 2 classes (P >= 2).");
        if (samplesPerClass < 2) throw new ArgumentOutOfRangeException(nameof(samplesPerClass), samplesPerClass, "A metric-learning batch needs at least 2 images per class (K >= 2).");
        var groups = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).Where(g => g.Count() >= 2).OrderBy(g => g.Key).ToArray();
        if (groups.Length < classesPerBatch)
            throw new ArgumentException($"Only {groups.Length} classes have 2 or more images, but {classesPerBatch} classes per batch were requested; lower P or use more data.");
        byClass = groups.Select(g => g.ToArray()).ToArray();
        classIds = groups.Select(g => g.Key).ToArray();
        ClassesPerBatch = classesPerBatch;
        SamplesPerClass = samplesPerClass;
        rng = new Random(seed);
    }

    /// <summary>P: classes per batch.</summary>
    public int ClassesPerBatch { get; }

    /// <summary>K: images per class in a batch.</summary>
    public int SamplesPerClass { get; }

    /// <summary>Batch size P x K.</summary>
    public int BatchSize => ClassesPerBatch * SamplesPerClass;

    /// <summary>Number of classes eligible for sampling (2+ images).</summary>
    public int ClassCount => byClass.Length;

    /// <summary>The indices of the next batch, class by class.</summary>
    public int[] Next()
    {
        var batch = new int[BatchSize];
        var classes = Enumerable.Range(0, byClass.Length).ToArray();
        rng.Shuffle(classes);
        for (var p = 0; p < ClassesPerBatch; p++)
        {
            var members = byClass[classes[p]];
            if (members.Length >= SamplesPerClass)
            {
                var pick = (int[])members.Clone();
                // Partial Fisher-Yates: the first K are a uniform sample without replacement.
                for (var i = 0; i < SamplesPerClass; i++)
                {
                    var j = rng.Next(i, pick.Length);
                    (pick[i], pick[j]) = (pick[j], pick[i]);
                }
                Array.Copy(pick, 0, batch, p * SamplesPerClass, SamplesPerClass);
            }
            else
            {
                for (var i = 0; i < SamplesPerClass; i++) batch[p * SamplesPerClass + i] = members[rng.Next(members.Length)];
            }
        }
        return batch;
    }
}
