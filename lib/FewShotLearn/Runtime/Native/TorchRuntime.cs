using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// Gets libtorch ready before first use: patches the build output's TorchSharp glue library where the
/// system needs it (see <see cref="LibTorchSharpPatcher"/>) and, when loading still fails, reports the
/// dynamic loader's real error instead of TorchSharp's generic "missing package" message.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static bool prepared;
    static bool initialized;

    /// <summary>Environment variable that sets libtorch's CPU thread count for every entry point (tests and CI use 1).</summary>
    public const string ThreadsVariable = "FEWSHOT_THREADS";

    /// <summary>What the preparation did, one line per native file looked at (for <c>fewshot info</c>).</summary>
    public static IReadOnlyList<string> PreparationLog => log;
    static readonly List<string> log = new();

#pragma warning disable CA2255 // the library must prepare libtorch before any caller touches TorchSharp
    [ModuleInitializer]
    internal static void OnModuleLoad()
    {
        try { PrepareNativeLibraries(); }
        catch (Exception e) { log.Add($"native preparation failed: {e.Message}"); }
    }
#pragma warning restore CA2255

    /// <summary>Patches, where needed, every copy of libLibTorchSharp.so in the folders TorchSharp loads from. Runs once per process.</summary>
    public static void PrepareNativeLibraries()
    {
        lock (Gate)
        {
            if (prepared) return;
            prepared = true;
            log.Add(OneDnnIsa.Apply());
            if (!OperatingSystem.IsLinux()) return;
            var candidates = CandidateNativeFiles("libLibTorchSharp.so").ToList();
            if (candidates.Count == 0) return;
            var system = LibTorchSharpPatcher.SystemLibStdCxxVersions();
            foreach (var file in candidates)
                log.Add($"{file}: {LibTorchSharpPatcher.Patch(file, system)}");
            Preload(candidates[0]);
        }
    }

    /// <summary>
    /// Loads the prepared glue library (and, through its RUNPATH, libtorch) by full path. Hosts that do not
    /// read the app's deps.json (notebook kernels) then find it by its soname, and TorchSharp never falls
    /// back to copying a second libtorch into a consolidated folder (which would register its operators twice).
    /// </summary>
    static void Preload(string file)
    {
        if (NativeLibrary.TryLoad(file, out _)) log.Add($"preloaded {file}");
        else log.Add($"could not preload {file}");
    }

    /// <summary>
    /// Loads libtorch (idempotent). Throws <see cref="TorchLoadException"/> with the loader's own message
    /// (for example a missing GLIBCXX version) when it cannot be loaded.
    /// </summary>
    public static void Initialize()
    {
        if (initialized) return;
        PrepareNativeLibraries();
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            if (int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var threads) && threads > 0)
                torch.set_num_threads(threads);
            initialized = true;
        }
        catch (Exception e)
        {
            throw new TorchLoadException(DescribeLoadFailure(), e);
        }
    }

    /// <summary>The directories TorchSharp probes: beside TorchSharp.dll, its runtimes/RID/native folder and its consolidated cpu/cuda folders.</summary>
    internal static IEnumerable<string> CandidateNativeFiles(string fileName)
    {
        var roots = new[] { Path.GetDirectoryName(typeof(torch).Assembly.Location), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!))).Distinct();
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var root in roots)
            foreach (var sub in new[] { Path.Combine("runtimes", rid, "native"), "", "cpu", "cuda" })
            {
                var file = Path.Combine(root, sub, fileName);
                if (File.Exists(file)) yield return file;
            }
    }

    static string DescribeLoadFailure()
    {
        var lines = new List<string> { "libtorch could not be loaded." };
        foreach (var name in new[] { "libtorch_cpu.so", "libLibTorchSharp.so" })
            foreach (var file in CandidateNativeFiles(name))
            {
                try { NativeLibrary.Free(NativeLibrary.Load(file)); }
                catch (Exception e) { lines.Add($"Loading {file} failed: {e.Message}"); }
            }
        if (lines.Count == 1)
            lines.Add("No native libtorch files were found beside TorchSharp.dll: build the project (dotnet build) so they are copied to the output folder.");
        if (lines.Any(l => l.Contains("GLIBCXX")))
            lines.Add("The system libstdc++ is older than the one libtorch was built with; see environment.md (Debian 12 notes).");
        lines.AddRange(log.Select(l => "Preparation: " + l));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Version of the libtorch native package TorchSharp was built against (e.g. 2.10.0).</summary>
    public static string LibTorchVersion =>
        CandidateNativeFiles("libtorch_cpu.so").Select(f => Regex.Match(f, @"libtorch-[a-z0-9.\-]+?/(\d+\.\d+\.\d+)/").Groups[1].Value)
            .FirstOrDefault(v => v.Length > 0) ?? Torch2Version();

    static string Torch2Version()
    {
        // The deps.json of the running app records which libtorch package its native files came from.
        var deps = new[] { Path.GetDirectoryName(typeof(torch).Assembly.Location), AppContext.BaseDirectory }
            .Where(Directory.Exists).SelectMany(d => Directory.GetFiles(d!, "*.deps.json"))
            .FirstOrDefault(f => File.ReadAllText(f).Contains("libtorch-"));
        if (deps == null) return "unknown";
        var m = Regex.Match(File.ReadAllText(deps), "\"libtorch-(?:cpu|cuda)[^/\"]*/(\\d+\\.\\d+\\.\\d+)\"");
        return m.Success ? m.Groups[1].Value : "unknown";
    }

    /// <summary>Version of the TorchSharp managed assembly.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>Thrown when libtorch cannot be loaded; the message carries the dynamic loader's own error.</summary>
public sealed class TorchLoadException(string message, Exception inner) : Exception(message, inner);
