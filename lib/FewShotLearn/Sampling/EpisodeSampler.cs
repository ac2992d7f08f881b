namespace FewShotLearn.Sampling;

/// <summary>
/// Samples N-way K-shot episodes (support + query) from a labelled image set restricted to some classes,
/// in the patent's mode (query classes disjoint from support classes) or the usual one (same classes,
/// disjoint images). Deterministic by seed.
/// </summary>
public sealed class EpisodeSampler
{
    private readonly LabeledImages _data;
    private readonly Dictionary<int, int[]> _byClass;
    private readonly Random _rng;
    private readonly Device _device;

    /// <summary>Creates a sampler over <paramref name="data"/>, using only <paramref name="classes"/> (all classes with images when null).</summary>
    public EpisodeSampler(LabeledImages data, IReadOnlyList<int>? classes = null, int seed = Seeding.DefaultSeed, Device? device = null)
    {
        _data = data;
        _rng = new Random(seed);
        _device = device ?? Devices.Default;
        var all = Enumerable.Range(0, data.Count).GroupBy(i => (int)data.Labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var chosen = classes ?? all.Keys.Order().ToArray();
        _byClass = new Dictionary<int, int[]>();
        foreach (var c in chosen)
        {
            if (c < 0 || c >= data.ClassCount)
                throw new ArgumentException($"Class {c} does not exist in {data.Name} ({data.ClassCount} classes).", nameof(classes));
            _byClass[c] = all.TryGetValue(c, out var idx) ? idx : [];
        }
        Classes = chosen.ToArray();
    }

    /// <summary>The classes episodes are drawn from.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>
    /// Samples one episode: <paramref name="ways"/> classes with <paramref name="shots"/> support images each and
    /// <paramref name="queries"/> query images per query class.
    /// </summary>
    public Episode Sample(int ways, int shots, int queries, EpisodeMode mode = EpisodeMode.DisjointClasses)
    {
        if (ways < 1) throw new ArgumentException($"ways (N) must be at least 1; got {ways}.", nameof(ways));
        if (shots < 1) throw new ArgumentException($"shots (K) must be at least 1; got {shots}.", nameof(shots));
        if (queries < 1) throw new ArgumentException($"queries (Q) per class must be at least 1; got {queries}.", nameof(queries));
        var classesNeeded = mode == EpisodeMode.DisjointClasses ? 2 * ways : ways;
        var perClassNeeded = mode == EpisodeMode.DisjointClasses ? Math.Max(shots, queries) : shots + queries;
        var eligible = Classes.Where(c => _byClass[c].Length >= perClassNeeded).ToArray();
        if (Classes.Count < classesNeeded)
            throw new ArgumentException(mode == EpisodeMode.DisjointClasses
                ? $"A {ways}-way episode with disjoint support/query classes needs 2 x {ways} = {classesNeeded} classes, but only {Classes.Count} are available. Use ways <= {Classes.Count / 2}, more classes, or EpisodeMode.SameClasses."
                : $"A {ways}-way episode needs {ways} classes, but only {Classes.Count} are available. Use ways <= {Classes.Count} or add classes.", nameof(ways));
        if (eligible.Length < classesNeeded)
        {
            var fewest = Classes.Min(c => _byClass[c].Length);
            throw new ArgumentException(mode == EpisodeMode.DisjointClasses
                ? $"Each class needs max(K={shots}, Q={queries}) = {perClassNeeded} images, but only {eligible.Length} of {Classes.Count} classes have that many (the smallest has {fewest}); {classesNeeded} are needed. Lower shots/queries or add images."
                : $"Each class needs K+Q = {shots}+{queries} = {perClassNeeded} images, but only {eligible.Length} of {Classes.Count} classes have that many (the smallest has {fewest}); {classesNeeded} are needed. Lower shots/queries or add images.", nameof(shots));
        }

        var picked = eligible.ToArray();
        _rng.Shuffle(picked);
        var supportClasses = picked[..ways];
        var queryClasses = mode == EpisodeMode.DisjointClasses ? picked[ways..(2 * ways)] : supportClasses;

        var supportIdx = new List<int>();
        var queryIdx = new List<int>();
        var drawn = new Dictionary<int, int[]>();
        int[] Draw(int c)
        {
            if (!drawn.TryGetValue(c, out var order))
            {
                order = _byClass[c].ToArray();
                _rng.Shuffle(order);
                drawn[c] = order;
            }
            return order;
        }
        foreach (var c in supportClasses) supportIdx.AddRange(Draw(c)[..shots]);
        foreach (var c in queryClasses)
        {
            var order = Draw(c);
            var start = mode == EpisodeMode.SameClasses ? shots : 0;
            queryIdx.AddRange(order[start..(start + queries)]);
        }

        var supportLabels = Enumerable.Range(0, ways).SelectMany(i => Enumerable.Repeat((long)i, shots)).ToArray();
        var queryLabels = Enumerable.Range(0, ways).SelectMany(i => Enumerable.Repeat((long)i, queries)).ToArray();
        return new Episode(mode,
            Gather(supportIdx), tensor(supportLabels, dtype: int64, device: _device),
            Gather(queryIdx), tensor(queryLabels, dtype: int64, device: _device),
            supportClasses, queryClasses, supportIdx.ToArray(), queryIdx.ToArray(), shots, queries);
    }

    /// <summary>Samples <paramref name="count"/> episodes in sequence.</summary>
    public IEnumerable<Episode> SampleMany(int count, int ways, int shots, int queries, EpisodeMode mode = EpisodeMode.DisjointClasses)
    {
        for (var i = 0; i < count; i++) yield return Sample(ways, shots, queries, mode);
    }

    private Tensor Gather(List<int> indices)
    {
        using var index = tensor(indices.Select(i => (long)i).ToArray(), dtype: int64, device: _data.Images.device);
        return _data.Images.index_select(0, index).to(_device, disposeAfter: true);
    }
}
