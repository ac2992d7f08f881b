namespace FewShotLearn.Tests.Data;

/// <summary>Writes tiny IDX data sets and matching catalogue entries for tests.</summary>
static class FakeDataSet
{
    /// <summary>Writes train (n) and test (m) files of 4x4 images into a folder; image i has all pixels = i * 10.</summary>
    public static void Write(string folder, DataSetInfo info, int train = 6, int test = 3, int classes = 3)
    {
        void Split(string images, string labels, int n, int offset)
        {
            var pixels = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat((byte)((i + offset) * 10), 16)).ToArray();
            IdxWriter.Write(Path.Combine(folder, images), new IdxArray(new[] { n, 4, 4 }, pixels), gzip: true);
            IdxWriter.Write(Path.Combine(folder, labels), new IdxArray(new[] { n }, Enumerable.Range(0, n).Select(i => (byte)(i % classes)).ToArray()), gzip: true);
        }
        Split(info.TrainImages, info.TrainLabels, train, 0);
        Split(info.TestImages, info.TestLabels, test, 20);
    }

    /// <summary>A catalogue entry named "tiny" whose only known variant is the content of the files in <paramref name="folder"/>.</summary>
    public static DataSetInfo InfoMatching(string folder) => new("tiny", "tiny test set", "none", new[] { "a", "b", "c" },
        new[] { new DataSetVariant("tiny fake", Files.ToDictionary(f => f, f => Checksums.ContentSha256(Path.Combine(folder, f)))) });

    public static readonly DataSetInfo Template = new("tiny", "tiny test set", "none", new[] { "a", "b", "c" }, Array.Empty<DataSetVariant>());

    public static IReadOnlyList<string> Files => Template.Files;
}
