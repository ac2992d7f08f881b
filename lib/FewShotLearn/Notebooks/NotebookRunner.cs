using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using System.Diagnostics;
using System.Text;

namespace FewShotLearn.Notebooks;

/// <summary>
/// Executes notebooks headless in a real notebook host (dotnet-repl, the repository's local .NET tool),
/// keeps the executed notebook with its outputs and writes a self-contained HTML page beside it.
/// </summary>
public sealed class NotebookRunner
{
    /// <summary>How long one notebook may run before it is stopped.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Build the notebook-facing library output (lib/FewShotLearn.Interactive) before the first run.</summary>
    public bool Build { get; init; } = true;

    /// <summary>Receives progress lines (build, start, finish of each notebook).</summary>
    public Action<string>? Log { get; init; }

    bool prepared;

    /// <summary>Runs one notebook; never throws for a failing cell: the result says what failed and where.</summary>
    public NotebookRunResult Run(string notebookPath, string outDirectory)
    {
        notebookPath = Path.GetFullPath(notebookPath);
        var notebook = NotebookDocument.Load(notebookPath);
        var repo = RepositoryRoot.Find(Path.GetDirectoryName(notebookPath)!)
                   ?? throw new InvalidOperationException($"'{notebookPath}' is not inside the FewShotLearn repository (no FewShotLearn.sln above it); notebooks reference the library prepared there.");
        PrepareHost(repo);
        Directory.CreateDirectory(outDirectory);
        var executed = Path.Combine(Path.GetFullPath(outDirectory), notebook.Name + ".ipynb");
        var html = Path.ChangeExtension(executed, ".html");
        if (File.Exists(executed)) File.Delete(executed);

        Log?.Invoke($"running {notebook.Name}");
        var watch = Stopwatch.StartNew();
        var (exitCode, output, timedOut) = Execute("dotnet",
            ["tool", "run", "dotnet-repl", "--", "--run", notebookPath, "--exit-after-run", "--output-path", executed],
            Path.GetDirectoryName(notebookPath)!, Timeout);
        watch.Stop();

        NotebookFailure? failure = null;
        if (File.Exists(executed))
        {
            var done = NotebookDocument.Load(executed);
            NotebookHtml.Write(done, html);
            failure = FirstError(done);
        }
        if (failure == null && timedOut)
            failure = new NotebookFailure(null, $"timed out after {Timeout.TotalSeconds:0} s");
        if (failure == null && (exitCode != 0 || !File.Exists(executed)))
            failure = new NotebookFailure(null, $"the notebook host exited with code {exitCode}: {Tail(output, 2000)}");
        var result = new NotebookRunResult(notebook.Name, notebookPath, executed, File.Exists(html) ? html : null, watch.Elapsed, failure);
        Log?.Invoke(result.ToString());
        return result;
    }

    /// <summary>The first cell whose outputs hold an error.</summary>
    public static NotebookFailure? FirstError(NotebookDocument executed)
    {
        foreach (var cell in executed.Cells.Where(c => c.Kind == "code"))
        {
            var error = cell.Outputs.FirstOrDefault(o => o.Type == "error");
            if (error != null) return new NotebookFailure(cell.Number, error.ErrorText);
        }
        return null;
    }

    void PrepareHost(string repo)
    {
        if (prepared) return;
        // The notebook host is a local .NET tool of the repository (.config/dotnet-tools.json).
        var (restore, restoreOutput, _) = Execute("dotnet", ["tool", "restore"], repo, TimeSpan.FromMinutes(5));
        if (restore != 0) throw new InvalidOperationException($"'dotnet tool restore' failed (exit {restore}); the notebook host dotnet-repl is needed:{Environment.NewLine}{Tail(restoreOutput, 2000)}");
        if (!Build) { prepared = true; return; }
        Log?.Invoke("building lib/FewShotLearn.Interactive");
        var (code, output, _) = Execute("dotnet", ["build", Path.Combine(repo, "lib", "FewShotLearn.Interactive"), "-v", "q", "-nologo"], repo, TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"Building lib/FewShotLearn.Interactive failed (exit {code}):{Environment.NewLine}{Tail(output, 3000)}");
        prepared = true;
    }

    static (int ExitCode, string Output, bool TimedOut) Execute(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{file}'.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output.ToString(), true);
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString(), false);
    }

    static string Tail(string text, int max) => text.Length <= max ? text : "..." + text[^max..];
}

/// <summary>Where and why a notebook failed: the 1-based cell number (null when no cell is to blame) and the error.</summary>
public sealed record NotebookFailure(int? Cell, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Cell is { } c ? $"cell {c}: {Message}" : Message;
}

/// <summary>The outcome of one notebook run: the executed notebook, its HTML page, the time taken and any failure.</summary>
public sealed record NotebookRunResult(string Name, string Source, string ExecutedNotebook, string? HtmlPage, TimeSpan Elapsed, NotebookFailure? Failure)
{
    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => Failure == null;

    /// <inheritdoc />
    public override string ToString() => Succeeded
        ? $"{Name}: ok in {Elapsed.TotalSeconds:0.0} s"
        : $"{Name}: FAILED at {Failure} ({Elapsed.TotalSeconds:0.0} s)";
}
