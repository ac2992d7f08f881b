namespace FewShotLearn.Tests.Data;

public class DebianPackageSourceTests
{
    static readonly DataSetInfo Fashion = DataSets.Get("fashion-mnist");

    [Fact]
    public void UnknownPackageRefreshesPrivateAptListsAndLeavesTheSystemsAlone()
    {
        var calls = new List<string>();
        var logs = new List<string>();
        var source = new DebianPackageSource("fashion-mnist", "dataset-fashion-mnist")
        {
            Log = logs.Add,
            Run = (file, args, dir) =>
            {
                calls.Add(file + " " + string.Join(" ", args));
                if (file == "apt-get" && args[0] == "download" && !args.Any(a => a.StartsWith("Dir::State::Lists=")))
                    throw new InvalidOperationException("`apt-get download dataset-fashion-mnist` failed with exit code 100: E: Unable to locate package dataset-fashion-mnist");
                if (file == "apt-get" && args[0] == "update")
                {
                    var lists = args.Single(a => a.StartsWith("Dir::State::Lists="))["Dir::State::Lists=".Length..];
                    Assert.True(Directory.Exists(Path.Combine(lists, "partial")), "apt needs lists/partial to exist");
                }
                if (file == "apt-get" && args[0] == "download") File.WriteAllText(Path.Combine(dir, "dataset-fashion-mnist_1_all.deb"), "deb");
                if (file == "dpkg-deb")
                {
                    var target = Path.Combine(args[2], "usr", "share", "datasets", "fashion-mnist");
                    Directory.CreateDirectory(target);
                    foreach (var f in Fashion.Files) File.WriteAllText(Path.Combine(target, f), f);
                }
                return "";
            },
        };
        using var staging = new TempDir();
        source.FetchInto(Fashion, staging.Path, CancellationToken.None);

        Assert.Equal(4, calls.Count);
        Assert.Equal("apt-get download dataset-fashion-mnist", calls[0]);
        Assert.Matches(@"^apt-get update -o Dir::State::Lists=\S+/apt/lists -o Dir::Cache=\S+/apt/cache$", calls[1]);
        Assert.Matches(@"^apt-get download dataset-fashion-mnist -o Dir::State::Lists=\S+/apt/lists -o Dir::Cache=\S+/apt/cache$", calls[2]);
        Assert.StartsWith("dpkg-deb -x ", calls[3]);
        Assert.DoesNotContain(calls, c => c.Contains("/var/lib/apt") || c.Contains("/var/cache/apt"));
        Assert.Contains(logs, l => l.Contains("refreshing private apt lists") && l.Contains("not touched"));
        foreach (var f in Fashion.Files) Assert.Equal(f, File.ReadAllText(Path.Combine(staging.Path, f)));
    }

    [Fact]
    public void UnreachableRegistriesAreReportedPlainly()
    {
        var source = new DebianPackageSource("fashion-mnist", "dataset-fashion-mnist")
        {
            Run = (file, args, dir) => args[0] == "update"
                ? throw new InvalidOperationException("`apt-get update` failed with exit code 100: W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease Temporary failure resolving 'deb.debian.org'")
                : throw new InvalidOperationException("`apt-get download dataset-fashion-mnist` failed with exit code 100: E: Unable to locate package dataset-fashion-mnist"),
        };
        using var staging = new TempDir();
        var e = Assert.Throws<InvalidOperationException>(() => source.FetchInto(Fashion, staging.Path, CancellationToken.None));
        Assert.Contains("registries are probably unreachable", e.Message);
        Assert.Contains("Temporary failure resolving", e.Message);
        Assert.Contains("fewshot data fetch fashion-mnist", e.Message);
    }

    [Fact]
    public void KnownPackageIsDownloadedWithTheSystemsListsOnly()
    {
        var calls = new List<string>();
        var source = new DebianPackageSource("fashion-mnist", "dataset-fashion-mnist")
        {
            Run = (file, args, dir) =>
            {
                calls.Add(file + " " + args[0]);
                if (args[0] == "download") File.WriteAllText(Path.Combine(dir, "x.deb"), "deb");
                if (file == "dpkg-deb") { Directory.CreateDirectory(args[2]); foreach (var f in Fashion.Files) File.WriteAllText(Path.Combine(args[2], f), f); }
                return "";
            },
        };
        using var staging = new TempDir();
        source.FetchInto(Fashion, staging.Path, CancellationToken.None);
        Assert.Equal(new[] { "apt-get download", "dpkg-deb -x" }, calls);
    }
}
