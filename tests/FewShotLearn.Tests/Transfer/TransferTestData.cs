namespace FewShotLearn.Tests.Transfer;

/// <summary>Tiny learnable image sets for transfer tests: class k is a bright square at position k plus noise.</summary>
static class TransferTestData
{
    public static LabeledImages Squares(int classes, int perClass, int seed, int size = 12)
    {
        var g = new Generator((ulong)seed);
        var n = classes * perClass;
        var images = rand(new long[] { n, 1, size, size }, generator: g) * 0.3f;
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % classes;
            labels[i] = c;
            var (r, col) = (c / 3 * 4, c % 3 * 4);
            images[i, 0, r..(r + 4), col..(col + 4)].add_(0.7f);
        }
        return new LabeledImages("squares", images, labels, Enumerable.Range(0, classes).Select(c => $"sq{c}").ToArray());
    }
}
