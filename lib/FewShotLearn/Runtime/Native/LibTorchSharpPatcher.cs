using System.Text.RegularExpressions;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// Makes TorchSharp's native glue library loadable on systems whose libstdc++ predates GCC 13
/// (e.g. Debian 12): TorchSharp 0.107's <c>libLibTorchSharp.so</c> declares a need for
/// <c>GLIBCXX_3.4.32</c> only because of <c>std::ios_base_library_init</c>, which it never calls.
/// The patch marks that need weak (VER_FLG_WEAK) in copies that live in the project's own build output.
/// </summary>
public static class LibTorchSharpPatcher
{
    /// <summary>Version needs known to be safe to weaken: nothing of theirs is called at run time.</summary>
    public static readonly IReadOnlySet<string> SafeToWeaken = new HashSet<string> { "GLIBCXX_3.4.32" };

    /// <summary>What happened to one file.</summary>
    public enum Outcome
    {
        /// <summary>The system libstdc++ provides every needed version: nothing to do.</summary>
        NotNeeded,
        /// <summary>The needs were already weak.</summary>
        AlreadyPatched,
        /// <summary>The file was rewritten with the needs weakened.</summary>
        Patched,
        /// <summary>The file belongs to the NuGet package cache and is left alone.</summary>
        SkippedPackageCache,
    }

    /// <summary>
    /// Weakens, in <paramref name="path"/>, the libstdc++ version needs that <paramref name="systemVersions"/>
    /// lacks and that are in <see cref="SafeToWeaken"/>. Idempotent; writes atomically and keeps the
    /// file's timestamp so incremental builds do not copy the original back over it.
    /// </summary>
    public static Outcome Patch(string path, IReadOnlySet<string> systemVersions)
    {
        if (IsInPackageCache(path) && !IsOwnToolStoreCopy(path, AppContext.BaseDirectory)) return Outcome.SkippedPackageCache;
        var elf = ElfFile.Read(path);
        var missing = elf.VersionNeeds()
            .Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal)
                        && SafeToWeaken.Contains(n.Name) && !systemVersions.Contains(n.Name))
            .ToList();
        if (missing.Count == 0) return Outcome.NotNeeded;
        bool changed = false;
        foreach (var need in missing) changed |= elf.WeakenVersionNeed(need.Name);
        if (!changed) return Outcome.AlreadyPatched;
        var stamp = File.GetLastWriteTimeUtc(path);
        elf.WriteTo(path);
        File.SetLastWriteTimeUtc(path, stamp);
        return Outcome.Patched;
    }

    /// <summary>
    /// True when <paramref name="path"/> is the running .NET tool's own copy: it lies in the app's folder
    /// (<paramref name="appDirectory"/>) inside a tool store (a <c>.store</c> folder, which <c>dotnet tool install</c>
    /// creates for each installed tool, globally or under <c>--tool-path</c>). That copy belongs to the installed
    /// <c>fewshot</c> package alone, which unpacked it there and removes it on uninstall, so it is patched like a build
    /// output; the shared NuGet package cache (every project's packages) never is.
    /// </summary>
    public static bool IsOwnToolStoreCopy(string path, string appDirectory)
    {
        var file = Path.GetFullPath(path);
        var app = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory)) + Path.DirectorySeparatorChar;
        if (!file.StartsWith(app, StringComparison.Ordinal)) return false;
        for (var dir = new DirectoryInfo(app); dir != null; dir = dir.Parent)
            if (dir.Name == ".store") return true;
        return false;
    }

    /// <summary>True when a directory above the file is a NuGet package folder (it holds a .nupkg.metadata or .nupkg.sha512).</summary>
    public static bool IsInPackageCache(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".nupkg.metadata"))
                || dir.EnumerateFiles("*.nupkg.sha512").Any())
                return true;
        }
        return false;
    }

    /// <summary>
    /// The symbol versions defined by the libstdc++ this process uses (the one already mapped, since the
    /// .NET runtime itself links it), or by the first one found in the usual library folders.
    /// </summary>
    public static IReadOnlySet<string> SystemLibStdCxxVersions()
    {
        var path = LoadedLibStdCxx() ?? new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        }.FirstOrDefault(File.Exists);
        return path == null ? new HashSet<string>() : ElfFile.Read(path).VersionDefinitions();
    }

    static string? LoadedLibStdCxx()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        foreach (var line in File.ReadLines(maps))
        {
            var m = Regex.Match(line, @"(/\S*libstdc\+\+\.so[.\d]*)\s*$");
            if (m.Success && File.Exists(m.Groups[1].Value)) return m.Groups[1].Value;
        }
        return null;
    }
}
