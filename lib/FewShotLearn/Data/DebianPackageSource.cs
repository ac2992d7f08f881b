namespace FewShotLearn.Data;

/// <summary>
/// Gets a data set from a Debian package without installing it: <c>apt-get download</c> into a temp folder, then
/// <c>dpkg-deb -x</c>, then the IDX files are taken from the extracted tree (e.g. usr/share/datasets/fashion-mnist).
/// When the system's apt lists do not know the package (a fresh Debian whose lists were never refreshed), it refreshes
/// a <em>private</em> copy of the lists first (<c>apt-get update -o Dir::State::Lists=… -o Dir::Cache=…</c> into the
/// temp folder) and downloads with those, so the data arrives without a manual <c>apt-get update</c> and the system's
/// apt state is left alone. When the registries cannot be reached either, the error says so plainly.
/// </summary>
public sealed class DebianPackageSource : IDataSource
{
    private readonly string _dataSet;

    /// <summary>Runs one command (file, arguments, working directory) and returns its output; throws <see cref="InvalidOperationException"/> on failure.
    /// Tests replace it to see the commands built.</summary>
    internal Func<string, IReadOnlyList<string>, string, string> Run { get; init; }

    /// <summary>A source for <paramref name="dataSet"/> from Debian package <paramref name="package"/>.</summary>
    public DebianPackageSource(string dataSet, string package)
    {
        _dataSet = dataSet;
        Package = package;
        Run = (file, args, dir) => ProcessRunner.Run(file, args, dir, Timeout, _cancellation);
    }

    private CancellationToken _cancellation;

    /// <summary>The Debian package name.</summary>
    public string Package { get; }

    /// <summary>How long each apt-get call may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Progress lines (e.g. "refreshing private apt lists").</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <inheritdoc />
    public string Description => $"Debian package {Package} (apt-get download + dpkg-deb -x; private apt lists when the system's do not know it)";

    /// <inheritdoc />
    public bool Supports(DataSetInfo info) => string.Equals(info.Name, _dataSet, StringComparison.OrdinalIgnoreCase);

    /// <summary>The apt options that point apt at private lists and cache under <paramref name="aptRoot"/> (nothing of the system's apt state is written).</summary>
    public static IReadOnlyList<string> PrivateAptOptions(string aptRoot) => new[]
    {
        "-o", $"Dir::State::Lists={Path.Combine(aptRoot, "lists")}",
        "-o", $"Dir::Cache={Path.Combine(aptRoot, "cache")}",
    };

    /// <summary>The arguments of <c>apt-get</c> that refresh the private lists under <paramref name="aptRoot"/>.</summary>
    public static IReadOnlyList<string> PrivateUpdateArguments(string aptRoot) => new[] { "update" }.Concat(PrivateAptOptions(aptRoot)).ToArray();

    /// <summary>The arguments of <c>apt-get</c> that download <paramref name="package"/> using the private lists under <paramref name="aptRoot"/>
    /// (or the system's when <paramref name="aptRoot"/> is null).</summary>
    public static IReadOnlyList<string> DownloadArguments(string package, string? aptRoot = null) =>
        new[] { "download", package }.Concat(aptRoot is null ? Array.Empty<string>() : PrivateAptOptions(aptRoot)).ToArray();

    /// <inheritdoc />
    public void FetchInto(DataSetInfo info, string stagingDirectory, CancellationToken cancellation)
    {
        _cancellation = cancellation;
        var temp = Directory.CreateTempSubdirectory("fewshot-deb-").FullName;
        try
        {
            var deb = Download(temp);
            var extracted = Path.Combine(temp, "extracted");
            Run("dpkg-deb", new[] { "-x", deb, extracted }, temp);
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

    /// <summary>Downloads the .deb into <paramref name="temp"/>: with the system's apt lists, or, when they do not know the
    /// package, with freshly refreshed private lists. Returns the .deb's path.</summary>
    string Download(string temp)
    {
        var download = Path.Combine(temp, "download");
        Directory.CreateDirectory(download);
        string systemFailure;
        try
        {
            Run("apt-get", DownloadArguments(Package), download);
            if (FindDeb(download) is { } deb) return deb;
            systemFailure = "apt-get download produced no .deb file";
        }
        catch (InvalidOperationException e) when (!e.Message.Contains("not installed", StringComparison.Ordinal))
        {
            systemFailure = e.Message;
        }

        // The system's lists do not know the package (typical of a fresh install): refresh a private copy of the lists.
        var aptRoot = Path.Combine(temp, "apt");
        foreach (var d in new[] { Path.Combine(aptRoot, "lists", "partial"), Path.Combine(aptRoot, "cache", "archives", "partial") }) Directory.CreateDirectory(d);
        Log($"the system's apt lists do not know {Package} ({systemFailure}); refreshing private apt lists in {aptRoot} (the system's apt state is not touched)");
        try
        {
            Run("apt-get", PrivateUpdateArguments(aptRoot), download);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"could not get {Package}: the system's apt lists do not know it ({systemFailure}) and refreshing private apt lists failed, so the Debian " +
                $"registries are probably unreachable from here ({e.Message}). Fix: run `fewshot data fetch {_dataSet}` on a machine with network access, " +
                $"or copy the IDX files into the data directory (see data/README.md).", e);
        }
        try
        {
            Run("apt-get", DownloadArguments(Package, aptRoot), download);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"apt-get download {Package} failed even with freshly refreshed private apt lists: {e.Message} " +
                "(is the package in this distribution's sources? It is in Debian 12 'bookworm' main.)", e);
        }
        return FindDeb(download) ?? throw new FileNotFoundException($"apt-get download {Package} (private apt lists) produced no .deb file in {download}.");
    }

    static string? FindDeb(string folder) => Directory.GetFiles(folder, "*.deb").FirstOrDefault();
}
