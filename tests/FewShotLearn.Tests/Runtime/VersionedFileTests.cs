using System.Text.Json.Nodes;

namespace FewShotLearn.Tests.Runtime;

/// <summary>Rewrites a versioned file the way an attacker or a careless tool would, optionally with a valid checksum.</summary>
static class FileSurgery
{
    public static (byte[] Magic, int Version, JsonObject Header, byte[] Payload) Split(string path)
    {
        var b = File.ReadAllBytes(path);
        var magic = b[..8];
        var version = BitConverter.ToInt32(b, 8);
        var length = BitConverter.ToInt32(b, 12);
        var header = JsonNode.Parse(b.AsSpan(16, length).ToArray())!.AsObject();
        return (magic, version, header, b[(16 + length)..^VersionedFile.ChecksumLength]);
    }

    /// <summary>Rewrites the file with an edited header and/or payload and a fresh, valid SHA-256 trailer.</summary>
    public static void Reseal(string path, Action<JsonObject>? header = null, Func<byte[], byte[]>? payload = null, int? version = null)
    {
        var (magic, v, h, p) = Split(path);
        header?.Invoke(h);
        var body = payload?.Invoke(p) ?? p;
        VersionedFile.Write(path, magic, version ?? v, h, w => w.Write(body));
    }
}

public class VersionedFileTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fsl-vf-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>One good file of each kind, with the loader that reads it and a required header field.</summary>
    public static IEnumerable<object[]> Kinds() => [["cnn"], ["embeddingnet"], ["index"]];

    (string Path, Action Load, string RequiredField) Make(string kind)
    {
        var path = Path.Combine(dir, kind + ".bin");
        switch (kind)
        {
            case "cnn":
                Seeding.Seed(1);
                using (var m = new SmallCnn(channels: [3], hidden: 8)) Checkpoint.Save(path, m, new CheckpointHeader { Epoch = 1 });
                return (path, () => { using var m = new SmallCnn(channels: [3], hidden: 8); Checkpoint.Load(path, m); }, "Epoch");
            case "embeddingnet":
                Seeding.Seed(1);
                using (var net = new EmbeddingNet(1, [4], CPU)) net.Save(path);
                return (path, () => EmbeddingNet.Load(path, CPU).Dispose(), "fingerprint");
            default:
                manual_seed(1);
                using (var index = new RetrievalIndex(nn.functional.normalize(randn(20, 4), p: 2, dim: 1), Enumerable.Range(0, 20).Select(i => (long)(i % 2)).ToArray(), ["a", "b"], "f"))
                    index.Save(path);
                return (path, () => RetrievalIndex.Load(path, device: CPU).Dispose(), "count");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_versioned_file_refuses_appended_removed_and_edited_bytes_naming_the_file(string kind)
    {
        var (path, load, field) = Make(kind);
        load();   // the good file loads
        var good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, [.. good, 0]);   // one byte appended
        var e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains("checksum", e.Message);
        Assert.Contains(path, e.Message);

        // A header field removed by hand (checksum not recomputed).
        File.WriteAllBytes(path, good);
        var (magic, version, h0, payload) = FileSurgery.Split(path);
        h0.Remove(field);
        var hb = System.Text.Encoding.UTF8.GetBytes(h0.ToJsonString());
        File.WriteAllBytes(path, [.. magic, .. BitConverter.GetBytes(version), .. BitConverter.GetBytes(hb.Length), .. hb, .. payload, .. good[^VersionedFile.ChecksumLength..]]);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(load).Message);
        File.WriteAllBytes(path, good);
        FileSurgery.Reseal(path, h => h.Remove(field));
        var resealed = File.ReadAllBytes(path);

        // The same removal with a recomputed checksum: the field is required.
        File.WriteAllBytes(path, resealed);
        e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains($"required header field '{field}'", e.Message);
        Assert.Contains(path, e.Message);

        // Bytes appended inside the sealed payload: no trailing bytes are accepted.
        File.WriteAllBytes(path, good);
        FileSurgery.Reseal(path, payload: p => [.. p, 1, 2, 3]);
        e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains(path, e.Message);

        // A file of the previous layout (version 1) is refused with a message, not misread.
        File.WriteAllBytes(path, good);
        FileSurgery.Reseal(path, version: 1);
        e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains("format version 1", e.Message);
        Assert.Contains("older", e.Message);
    }

    [Fact]
    public void A_crafted_checkpoint_header_cannot_make_the_loader_allocate_a_huge_network()
    {
        var (path, load, _) = Make("embeddingnet");
        // 100000 x 100000 x 3 x 3 conv weights would be 360 GB.
        FileSurgery.Reseal(path, h => h["config"] = JsonNode.Parse("""{"InChannels":1,"Channels":[100000,100000]}"""));
        var e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains(path, e.Message);
        Assert.Contains("exceeds", e.Message);
        // Within the channel cap, but far more weights than the file holds: refused before the network is built.
        FileSurgery.Reseal(path, h => h["config"] = JsonNode.Parse("""{"InChannels":1,"Channels":[4096,4096,4096]}"""));
        Assert.Contains("weights need", Assert.Throws<InvalidDataException>(load).Message);
        FileSurgery.Reseal(path, h => h["config"] = JsonNode.Parse("""{"InChannels":-3,"Channels":[4]}"""));
        Assert.Contains("invalid architecture", Assert.Throws<InvalidDataException>(load).Message);
    }

    [Fact]
    public void A_crafted_weights_layout_is_refused_before_torch_reads_it()
    {
        var (path, load, _) = Make("cnn");
        // The entry count replaced by a 9-byte LEB128 number and by a count that disagrees with the model.
        FileSurgery.Reseal(path, payload: p => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. p[1..]]);
        var e = Assert.Throws<InvalidDataException>(load);
        Assert.Contains(path, e.Message);
        FileSurgery.Reseal(path, payload: p => [0x7F, .. p[1..]]);
        Assert.Contains("does not fit", Assert.Throws<InvalidDataException>(load).Message);
    }

    [Fact]
    public void Index_counts_from_the_header_are_bounded_before_allocating()
    {
        var (path, load, _) = Make("index");
        var good = File.ReadAllBytes(path);
        foreach (var (field, value, expect) in new[] { ("count", -1L, "between"), ("count", 3_000_000_000L, "between"), ("dimension", 1L << 40, "between"), ("count", 1_000_000L, "bytes") })
        {
            File.WriteAllBytes(path, good);
            FileSurgery.Reseal(path, h => h[field] = value);
            var e = Assert.Throws<InvalidDataException>(load);
            Assert.Contains(expect, e.Message);
            Assert.Contains(path, e.Message);
        }
        File.WriteAllBytes(path, good);
        FileSurgery.Reseal(path, h => h["classNames"] = null);
        Assert.Contains("classNames", Assert.Throws<InvalidDataException>(load).Message);
    }
}
