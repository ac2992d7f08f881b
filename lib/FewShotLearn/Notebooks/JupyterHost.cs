using System.Text.Json;
using System.Text.Json.Nodes;

namespace FewShotLearn.Notebooks;

/// <summary>
/// Jupyter as a notebook host: installs the .NET kernels (the repository's pinned microsoft.dotnet-interactive tool)
/// with their HTTP API on loopback only, executes a notebook with <c>jupyter nbconvert --execute</c> and exports its
/// HTML with <c>jupyter nbconvert --to html</c>. Needs Debian's jupyter-client, jupyter-nbconvert and
/// jupyter-notebook (see environment.md).
/// </summary>
public static class JupyterHost
{
    /// <summary>The Jupyter kernel name of the C# kernel.</summary>
    public const string CSharpKernel = ".net-csharp";

    /// <summary>The kernel option that keeps the kernel's HTTP API on loopback interfaces.</summary>
    public const string LocalOnlyOption = "--http-local-only";

    /// <summary>The Jupyter commands the host needs; null when all are on PATH, else a message naming the missing ones and the fix.</summary>
    public static string? Missing()
    {
        var missing = new[] { "jupyter", "jupyter-kernelspec", "jupyter-nbconvert", "jupyter-notebook" }.Where(c => FindOnPath(c) == null).ToList();
        return missing.Count == 0 ? null
            : $"{string.Join(", ", missing)} not found on PATH: install Jupyter with 'apt-get install -y jupyter-client jupyter-nbconvert jupyter-notebook' (Debian 12).";
    }

    static string? FindOnPath(string command) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    /// <summary>Jupyter's user data folder (<c>jupyter --data-dir</c>), where kernels/ lives.</summary>
    public static string DataDirectory()
    {
        var (code, output, _) = HostProcess.Run("jupyter", ["--data-dir"], Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(1));
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('/'));
        if (code != 0 || line == null) throw new InvalidOperationException($"'jupyter --data-dir' failed (exit {code}): {HostProcess.Tail(output, 500)}");
        return line;
    }

    /// <summary>
    /// Installs the .NET kernel specs into <paramref name="dataDirectory"/>/kernels (default: Jupyter's user data
    /// folder), creating the folder, and adds <see cref="LocalOnlyOption"/> to each. The specs start the kernel as
    /// <c>dotnet interactive jupyter</c>, which resolves the repository's local tool: Jupyter starts kernels in the
    /// notebook's folder. Returns the kernel.json files written.
    /// </summary>
    public static IReadOnlyList<string> InstallKernels(string repository, string? dataDirectory = null, Action<string>? log = null)
    {
        var kernels = Path.Combine(dataDirectory ?? DataDirectory(), "kernels");
        Directory.CreateDirectory(kernels);
        var (restore, restoreOutput, _) = HostProcess.Run("dotnet", ["tool", "restore"], repository, TimeSpan.FromMinutes(5));
        if (restore != 0) throw new InvalidOperationException($"'dotnet tool restore' failed (exit {restore}):{Environment.NewLine}{HostProcess.Tail(restoreOutput, 2000)}");
        var (code, output, _) = HostProcess.Run("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", kernels],
            repository, TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"'dotnet interactive jupyter install' failed (exit {code}):{Environment.NewLine}{HostProcess.Tail(output, 2000)}");
        var written = new List<string>();
        foreach (var spec in Directory.GetDirectories(kernels, ".net-*").Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(spec, "kernel.json");
            if (!File.Exists(file)) continue;
            MakeLocalOnly(file);
            written.Add(file);
            log?.Invoke($"installed {file}");
        }
        if (written.Count == 0) throw new InvalidOperationException($"'dotnet interactive jupyter install' wrote no kernel spec into {kernels}:{Environment.NewLine}{HostProcess.Tail(output, 2000)}");
        return written;
    }

    /// <summary>Adds <see cref="LocalOnlyOption"/> to a kernel spec's command line (idempotent).</summary>
    public static void MakeLocalOnly(string kernelJson)
    {
        var spec = JsonNode.Parse(File.ReadAllText(kernelJson))!.AsObject();
        var argv = spec["argv"] as JsonArray ?? throw new InvalidDataException($"{kernelJson} has no argv.");
        if (argv.Any(a => a?.GetValue<string>() == LocalOnlyOption)) return;
        var at = argv.Select(a => a?.GetValue<string>()).ToList().IndexOf("{connection_file}");
        argv.Insert(at < 0 ? argv.Count : at + 1, LocalOnlyOption);
        AtomicFile.WriteAllText(kernelJson, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Executes <paramref name="notebook"/> with <c>jupyter nbconvert --execute</c> in the C# kernel and writes the
    /// executed notebook to <paramref name="executedPath"/>. <paramref name="jupyterPath"/> (JUPYTER_PATH) adds a
    /// folder to look for kernel specs in. Returns the failure, or null when every cell ran.
    /// </summary>
    public static NotebookFailure? Execute(string notebook, string executedPath, TimeSpan timeout, string? jupyterPath = null)
    {
        notebook = Path.GetFullPath(notebook);
        executedPath = Path.GetFullPath(executedPath);
        Directory.CreateDirectory(Path.GetDirectoryName(executedPath)!);
        if (File.Exists(executedPath)) File.Delete(executedPath);
        var (code, output, timedOut) = HostProcess.Run("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={CSharpKernel}",
             $"--ExecutePreprocessor.timeout={(int)timeout.TotalSeconds}", "--allow-errors",
             "--output-dir", Path.GetDirectoryName(executedPath)!, "--output", Path.GetFileNameWithoutExtension(executedPath), notebook],
            Path.GetDirectoryName(notebook)!, timeout + TimeSpan.FromMinutes(1), JupyterEnvironment(jupyterPath));
        if (File.Exists(executedPath) && NotebookRunner.FirstError(NotebookDocument.Load(executedPath)) is { } cellError) return cellError;
        if (timedOut) return new NotebookFailure(null, $"timed out after {timeout.TotalSeconds:0} s");
        if (code != 0 || !File.Exists(executedPath)) return new NotebookFailure(null, $"jupyter nbconvert exited with code {code}: {HostProcess.Tail(output, 2000)}");
        return null;
    }

    /// <summary>Exports an executed notebook with <c>jupyter nbconvert --to html</c>; returns the page's path (beside the notebook).</summary>
    public static string ExportHtml(string executed, string? jupyterPath = null)
    {
        executed = Path.GetFullPath(executed);
        var (code, output, _) = HostProcess.Run("jupyter", ["nbconvert", "--to", "html", executed], Path.GetDirectoryName(executed)!,
            TimeSpan.FromMinutes(2), JupyterEnvironment(jupyterPath));
        var html = Path.ChangeExtension(executed, ".html");
        if (code != 0 || !File.Exists(html)) throw new InvalidOperationException($"jupyter nbconvert --to html failed (exit {code}): {HostProcess.Tail(output, 2000)}");
        return html;
    }

    static Dictionary<string, string?> JupyterEnvironment(string? jupyterPath) =>
        jupyterPath == null ? new() : new() { ["JUPYTER_PATH"] = jupyterPath };
}
