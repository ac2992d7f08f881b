namespace FewShotLearn.Data;

/// <summary>
/// Gets a data set from a Debian package without installing it: <c>apt-get download</c> into a temp folder, then
/// <c>dpkg-deb -x</c>, then the IDX files are taken from the extracted tree (e.g. usr/share/datasets/fashion-mnist).
/// </summary>
public sealed class DebianPackageSource : IDataSource
{
    private readonly string _dataSet;

    /// <summary>A source for <paramref name="dataSet"/> from Debian package <paramref name="package"/>.</summary>
    public DebianPackageSource(string dataSet, string package)
    {
        _dataSet = dataSet;
        Package = package;
    }

    /// <summary>The Debian package name.</summary>
    public string Package { get; }

    /// <summary>How long apt-get may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Description => $"Debian package {Package} (apt-get download + dpkg-deb -x)";

    /// <inheritdoc />
    public bool Supports(DataSetInfo info) => string.Equals(info.Name, _dataSet, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation)
    {
        var temp = Directory.CreateTempSubdirectory("fewshot-deb-").FullName;
        try
        {
            try
            {
                ProcessRunner.Run("apt-get", new[] { "download", Package }, temp, Timeout, cancellation);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("Unable to locate", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{e.Message} (the apt package lists do not know {Package}: run `sudo apt-get update` first).", e);
            }
            var deb = Directory.GetFiles(temp, "*.deb").FirstOrDefault()
                      ?? throw new FileNotFoundException($"apt-get download {Package} produced no .deb file in {temp}.");
            var extracted = Path.Combine(temp, "extracted");
            ProcessRunner.Run("dpkg-deb", new[] { "-x", deb, extracted }, temp, Timeout, cancellation);
            foreach (var f in info.Files)
            {
                var found = Directory.EnumerateFiles(extracted, f, SearchOption.AllDirectories)
                                .OrderBy(p => p.Contains("/datasets/", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault()
                            ?? throw new FileNotFoundException($"{Path.GetFileName(deb)} does not contain {f}.");
                File.Copy(found, Path.Combine(stagingDirectory, f), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
