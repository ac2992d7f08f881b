namespace FewShotLearn.Tests.Runtime.Native;

public class LibTorchSharpPatcherTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fsl-patch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The pristine libLibTorchSharp.so from the NuGet cache (read only, never written).</summary>
    static string PristineLibrary()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var file = Path.Combine(root, "torchsharp", TorchRuntime.TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(file), $"expected the TorchSharp package at {file}");
        return file;
    }

    string CopyOfPristine()
    {
        var copy = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        return copy;
    }

    static readonly IReadOnlySet<string> OldLibStdCxx = new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.30", "CXXABI_1.3" };

    /// <summary>Asserts that patching <paramref name="file"/> against <paramref name="libStdCxx"/> reports <paramref name="expected"/> and leaves the file byte for byte as it was.</summary>
    static void AssertPatchLeavesTheFile(string file, IReadOnlySet<string> libStdCxx, LibTorchSharpPatcher.Outcome expected)
    {
        var before = File.ReadAllBytes(file);
        Assert.Equal(expected, LibTorchSharpPatcher.Patch(file, libStdCxx));
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void PatchSetsOnlyTheWeakFlagOfTheMissingVersion()
    {
        var copy = CopyOfPristine();
        var before = File.ReadAllBytes(copy);
        var need = ElfFile.Read(copy).VersionNeeds().Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.False(need.IsWeak);

        Assert.Equal(LibTorchSharpPatcher.Outcome.Patched, LibTorchSharpPatcher.Patch(copy, OldLibStdCxx));

        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal(new[] { need.FlagsOffset }, changed);
        Assert.Equal(before[need.FlagsOffset] | ElfFile.VerFlagWeak, after[need.FlagsOffset]);
        Assert.True(ElfFile.Read(copy).VersionNeeds().Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(ElfFile.Read(copy).VersionNeeds().Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void PatchIsIdempotent()
    {
        var copy = CopyOfPristine();
        LibTorchSharpPatcher.Patch(copy, OldLibStdCxx);
        AssertPatchLeavesTheFile(copy, OldLibStdCxx, LibTorchSharpPatcher.Outcome.AlreadyPatched);
    }

    [Fact]
    public void PatchDoesNothingWhenTheSystemLibStdCxxHasTheVersion()
    {
        var gcc13 = new HashSet<string>(OldLibStdCxx) { "GLIBCXX_3.4.31", "GLIBCXX_3.4.32" };
        AssertPatchLeavesTheFile(CopyOfPristine(), gcc13, LibTorchSharpPatcher.Outcome.NotNeeded);
    }

    [Fact]
    public void PackageCacheCopiesAreNeverTouched()
    {
        var pristine = PristineLibrary();
        var before = File.GetLastWriteTimeUtc(pristine);
        AssertPatchLeavesTheFile(pristine, OldLibStdCxx, LibTorchSharpPatcher.Outcome.SkippedPackageCache);
        Assert.Equal(before, File.GetLastWriteTimeUtc(pristine));
        Assert.False(ElfFile.Read(pristine).VersionNeeds().Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void NonElfFileGivesAClearError()
    {
        var bogus = Path.Combine(dir, "libLibTorchSharp.so");
        File.WriteAllText(bogus, "this is not a shared object");
        var e = Assert.Throws<InvalidDataException>(() => LibTorchSharpPatcher.Patch(bogus, OldLibStdCxx));
        Assert.Contains("not an ELF file", e.Message);
        Assert.Contains(bogus, e.Message);
    }

    [Fact]
    public void SystemLibStdCxxVersionsAreReadFromTheLoadedLibrary()
    {
        var versions = LibTorchSharpPatcher.SystemLibStdCxxVersions();
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void TheOutputCopyLoadsAfterPreparation()
    {
        // The module initializer prepared the copies beside TorchSharp.dll; torch is usable.
        Assert.NotEmpty(TorchRuntime.CandidateNativeFiles("libLibTorchSharp.so"));
        Assert.Equal(6f, torch.tensor(new float[] { 1, 2, 3 }).sum().item<float>());
    }
}
