namespace FewShotLearn.Data;

/// <summary>
/// One entry of the <see cref="DataSets"/> catalogue: the IDX file names of a downloadable data set, its class
/// names, licence, and the SHA-256 checksums (of the decompressed IDX content) of every known good copy.
/// </summary>
public sealed record DataSetInfo(
    string Name,
    string Title,
    string Licence,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<DataSetVariant> KnownVariants)
{
    /// <summary>File name of the training images.</summary>
    public string TrainImages { get; init; } = "train-images-idx3-ubyte.gz";

    /// <summary>File name of the training labels.</summary>
    public string TrainLabels { get; init; } = "train-labels-idx1-ubyte.gz";

    /// <summary>File name of the test images.</summary>
    public string TestImages { get; init; } = "t10k-images-idx3-ubyte.gz";

    /// <summary>File name of the test labels.</summary>
    public string TestLabels { get; init; } = "t10k-labels-idx1-ubyte.gz";

    /// <summary>The four IDX files, training first.</summary>
    public IReadOnlyList<string> Files => new[] { TrainImages, TrainLabels, TestImages, TestLabels };

    /// <summary>Images and labels file names of a split ("train" or "test").</summary>
    public (string Images, string Labels) FilesOf(string split) => DataSets.NormalizeSplit(split) == "train"
        ? (TrainImages, TrainLabels)
        : (TestImages, TestLabels);
}

/// <summary>
/// A known good copy of a data set: where it comes from, the content SHA-256 of each file (decompressed; the
/// check) and optionally the SHA-256 of the files as distributed (reported when they match byte for byte).
/// </summary>
public sealed record DataSetVariant(string Description, IReadOnlyDictionary<string, string> ContentSha256,
    IReadOnlyDictionary<string, string>? FileSha256 = null, string? FileSource = null);
