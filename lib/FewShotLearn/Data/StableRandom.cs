namespace FewShotLearn.Data;

/// <summary>
/// A small SplitMix64 generator whose output is fixed by its seed on every platform and .NET version,
/// so procedural data (glyphs, dataset splits) is bit-for-bit reproducible.
/// </summary>
internal sealed class StableRandom
{
    private ulong _state;

    /// <summary>Starts a stream from a seed.</summary>
    public StableRandom(ulong seed) => _state = seed;

    /// <summary>Starts a stream from several integers mixed into one seed (e.g. seed, class, sample).</summary>
    public StableRandom(params long[] parts) => _state = Mix(parts);

    /// <summary>Hashes several integers into one well-spread 64-bit seed.</summary>
    public static ulong Mix(params long[] parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var p in parts) h = Finalize(h ^ Finalize((ulong)p + 0x632BE59BD9B4E019UL));
        return h;
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next raw 64-bit value.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalize(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextUInt64() % (ulong)n);

    /// <summary>Uniform integer in [lo, hi] inclusive.</summary>
    public int NextInt(int lo, int hi) => lo + NextInt(hi - lo + 1);

    /// <summary>Shuffles an array in place (Fisher-Yates).</summary>
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
