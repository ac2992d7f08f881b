using System.IO.Compression;

namespace FewShotLearn.Tests.Data;

public class IdxTests
{
    private static IdxArray Sample() => new(new[] { 3, 2, 4 }, Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripPlainAndGzip(bool gzip)
    {
        using var dir = new TempDir();
        var path = dir["images.idx"];
        IdxWriter.Write(path, Sample(), gzip);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(gzip, bytes[0] == 0x1f && bytes[1] == 0x8b);
        if (!gzip) Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3 }, bytes[..8]);
        var back = IdxReader.ReadImages(path);
        Assert.Equal(new[] { 3, 2, 4 }, back.Dimensions);
        Assert.Equal(Sample().Data, back.Data);
        Assert.Equal(new[] { 3, 2, 4 }, IdxReader.ReadDimensions(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void LabelsRoundTripAndRankChecks()
    {
        using var dir = new TempDir();
        IdxWriter.Write(dir["labels.gz"], new IdxArray(new[] { 5 }, new byte[] { 1, 2, 3, 4, 9 }), gzip: true);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 9 }, IdxReader.ReadLabels(dir["labels.gz"]).Data);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(dir["labels.gz"]));
        Assert.Contains("needs 3", e.Message);
        IdxWriter.Write(dir["images"], Sample(), gzip: false);
        Assert.Contains("needs 1", Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(dir["images"])).Message);
    }

    [Fact]
    public void BadMagicIsAClearError()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["bad.idx"], new byte[] { 0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1 });
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir["bad.idx"]));
        Assert.Contains("bad.idx", e.Message);
        Assert.Contains("not an IDX file", e.Message);
        File.WriteAllBytes(dir["float.idx"], new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0 });
        Assert.Contains("0x0d", Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir["float.idx"])).Message);
    }

    [Fact]
    public void TruncatedAndOversizedFilesAreErrors()
    {
        using var dir = new TempDir();
        var full = new MemoryStream();
        IdxWriter.WriteTo(full, Sample());
        var bytes = full.ToArray();
        using (var gz = new GZipStream(File.Create(dir["short.gz"]), CompressionLevel.Fastest))
            gz.Write(bytes, 0, bytes.Length - 5);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir["short.gz"]));
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(dir["long.idx"], bytes.Concat(new byte[] { 7 }).ToArray());
        Assert.Contains("bytes after", Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir["long.idx"])).Message);
    }
}
