namespace FewShotLearn.Data;

/// <summary>
/// Copies a data set's IDX files from a folder that already holds them, e.g. <c>/usr/share/datasets/fashion-mnist</c>
/// where the Debian package <c>dataset-fashion-mnist</c> is installed.
/// </summary>
public sealed class FolderSource : IDataSource
{
    private readonly string _dataSet;

    /// <summary>A source for <paramref name="dataSet"/> reading from <paramref name="directory"/>.</summary>
    public FolderSource(string dataSet, string directory)
    {
        _dataSet = dataSet;
        Directory = directory;
    }

    /// <summary>The folder searched.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Description => $"files in {Directory}";

    /// <inheritdoc />
    public bool Supports(DataSetInfo info) => string.Equals(info.Name, _dataSet, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation)
    {
        if (!System.IO.Directory.Exists(Directory)) throw new DirectoryNotFoundException($"{Directory} does not exist.");
        var missing = info.Files.Where(f => !File.Exists(Path.Combine(Directory, f))).ToArray();
        if (missing.Length > 0) throw new FileNotFoundException($"{string.Join(", ", missing)} not in {Directory}.");
        foreach (var f in info.Files)
        {
            cancellation.ThrowIfCancellationRequested();
            File.Copy(Path.Combine(Directory, f), Path.Combine(stagingDirectory, f), overwrite: true);
        }
    }
}
