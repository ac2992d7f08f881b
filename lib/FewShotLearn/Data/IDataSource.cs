namespace FewShotLearn.Data;

/// <summary>A place <see cref="DataFetcher"/> can get a data set's IDX files from (a folder, a package, a URL).</summary>
public interface IDataSource
{
    /// <summary>A short description for reports, e.g. "Debian package dataset-fashion-mnist".</summary>
    string Description { get; }

    /// <summary>True when this source can provide the data set.</summary>
    bool Supports(DataSetInfo info);

    /// <summary>
    /// True when this source may produce content whose checksums are not in the catalogue (e.g. the full original
    /// MNIST); such content is checked structurally and its checksums recorded in the manifest.
    /// </summary>
    bool AllowsUnlistedContent => false;

    /// <summary>Writes the data set's four IDX files into <paramref name="stagingDirectory"/>; throws with the reason on failure.</summary>
    void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation);
}
