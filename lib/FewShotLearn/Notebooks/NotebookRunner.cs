using System.Diagnostics;

namespace FewShotLearn.Notebooks;

/// <summary>
/// Executes notebooks headless in a real notebook host (dotnet-repl, the repository's local .NET tool), keeps the
/// executed notebook with its outputs and writes an offline HTML page beside it.
/// A run writes into a scratch file first: only a run that succeeds replaces <c>NAME.ipynb</c> and <c>NAME.html</c>;
/// a failed or timed-out run leaves the previous ones as they were and keeps its own outputs as
/// <c>NAME.failed.ipynb</c> / <c>NAME.failed.html</c>.
/// </summary>
public sealed class NotebookRunner
{
    /// <summary>How long one notebook may run before it is stopped.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Build the notebook-facing library output (lib/FewShotLearn.Interactive) before the first run.</summary>
    public bool Build { get; init; } = true;

    /// <summary>
    /// libtorch CPU threads of each notebook host (<see cref="TorchRuntime.ThreadsVariable"/>) when the caller's environment
    /// does not set that variable; null leaves libtorch's default (one thread per core). The course's networks are small,
    /// so a second libtorch thread gains little and, on a shared machine, spins and waits for the first (the figures
    /// behind this default are in lib/docs/course-part1.md, "Course time budget").
    /// </summary>
    public int? DefaultTorchThreads { get; init; } = 1;

    /// <summary>Receives progress lines (build, start, finish of each notebook).</summary>
    public Action<string>? Log { get; init; }

    bool prepared;

    /// <summary>The variables the notebook host gets on top of this process's environment.</summary>
    IReadOnlyDictionary<string, string?> HostEnvironment() =>
        HostEnvironment(DefaultTorchThreads, Environment.GetEnvironmentVariable(TorchRuntime.ThreadsVariable));

    /// <summary>The host's extra variables given the default thread count and the caller's own <see cref="TorchRuntime.ThreadsVariable"/> (which wins when set).</summary>
    internal static IReadOnlyDictionary<string, string?> HostEnvironment(int? defaultTorchThreads, string? callerThreads) =>
        defaultTorchThreads is int threads && string.IsNullOrWhiteSpace(callerThreads)
            ? new Dictionary<string, string?> { [TorchRuntime.ThreadsVariable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new Dictionary<string, string?>();

    /// <summary>Runs one notebook; never throws for a failing cell: the result says what failed and where.</summary>
    public NotebookRunResult Run(string notebookPath, string outDirectory)
    {
        notebookPath = Path.GetFullPath(notebookPath);
        var notebook = NotebookDocument.Load(notebookPath);
        var repo = RepositoryRoot.Find(Path.GetDirectoryName(notebookPath)!)
                   ?? throw new InvalidOperationException($"'{notebookPath}' is not inside the FewShotLearn repository (no FewShotLearn.sln above it); notebooks reference the library prepared there.");
        PrepareHost(repo);
        outDirectory = Path.GetFullPath(outDirectory);
        Directory.CreateDirectory(outDirectory);
        var paths = new NotebookOutputPaths(outDirectory, notebook.Name);
        if (File.Exists(paths.Scratch)) File.Delete(paths.Scratch);

        Log?.Invoke($"running {notebook.Name}");
        var watch = Stopwatch.StartNew();
        var (exitCode, output, timedOut) = HostProcess.Run("dotnet",
            ["tool", "run", "dotnet-repl", "--", "--run", notebookPath, "--exit-after-run", "--output-path", paths.Scratch],
            Path.GetDirectoryName(notebookPath)!, Timeout, HostEnvironment());
        watch.Stop();

        NotebookDocument? done = null;
        NotebookFailure? failure = null;
        if (File.Exists(paths.Scratch))
        {
            done = NotebookDocument.Load(paths.Scratch);
            done.CollapseLiveFrames();
            failure = FirstError(done);
        }
        if (failure == null && timedOut)
            failure = new NotebookFailure(null, $"timed out after {Timeout.TotalSeconds:0} s");
        if (failure == null && (exitCode != 0 || done == null))
            failure = new NotebookFailure(null, $"the notebook host exited with code {exitCode}: {HostProcess.Tail(output, 2000)}");

        NotebookRunResult result;
        if (failure == null)
        {
            done!.Save(paths.Executed);
            NotebookHtml.Write(NotebookDocument.Load(paths.Executed), paths.Html);
            foreach (var stale in new[] { paths.FailedNotebook, paths.FailedHtml }) if (File.Exists(stale)) File.Delete(stale);
            result = new NotebookRunResult(notebook.Name, notebookPath, paths.Executed, paths.Html, watch.Elapsed, null);
        }
        else
        {
            // The previous successful outputs stay where they are; this run's outputs are kept beside them.
            if (done != null)
            {
                done.Save(paths.FailedNotebook);
                NotebookHtml.Write(NotebookDocument.Load(paths.FailedNotebook), paths.FailedHtml);
            }
            else foreach (var stale in new[] { paths.FailedNotebook, paths.FailedHtml }) if (File.Exists(stale)) File.Delete(stale);
            result = new NotebookRunResult(notebook.Name, notebookPath, paths.FailedNotebook, done != null ? paths.FailedHtml : null, watch.Elapsed, failure)
            {
                PreviousHtml = File.Exists(paths.Html) ? paths.Html : null,
            };
        }
        if (File.Exists(paths.Scratch)) File.Delete(paths.Scratch);
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
        var (restore, restoreOutput, _) = HostProcess.Run("dotnet", ["tool", "restore"], repo, TimeSpan.FromMinutes(5));
        if (restore != 0) throw new InvalidOperationException($"'dotnet tool restore' failed (exit {restore}); the notebook host dotnet-repl is needed:{Environment.NewLine}{HostProcess.Tail(restoreOutput, 2000)}");
        if (!Build) { prepared = true; return; }
        Log?.Invoke("building lib/FewShotLearn.Interactive");
        var (code, output, _) = HostProcess.Run("dotnet", ["build", Path.Combine(repo, "lib", "FewShotLearn.Interactive"), "-v", "q", "-nologo"], repo, TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"Building lib/FewShotLearn.Interactive failed (exit {code}):{Environment.NewLine}{HostProcess.Tail(output, 3000)}");
        prepared = true;
    }
}

/// <summary>The files one notebook's runs leave in an output folder.</summary>
public sealed record NotebookOutputPaths(string Directory, string Name)
{
    /// <summary>The executed notebook of the last successful run.</summary>
    public string Executed => Path.Combine(Directory, Name + ".ipynb");

    /// <summary>Its HTML page.</summary>
    public string Html => Path.Combine(Directory, Name + ".html");

    /// <summary>The executed notebook of the last run, when that run failed.</summary>
    public string FailedNotebook => Path.Combine(Directory, Name + ".failed.ipynb");

    /// <summary>Its HTML page.</summary>
    public string FailedHtml => Path.Combine(Directory, Name + ".failed.html");

    /// <summary>Where the host writes while a run is in progress.</summary>
    public string Scratch => Path.Combine(Directory, "." + Name + ".running.ipynb");
}

/// <summary>Where and why a notebook failed: the 1-based cell number (null when no cell is to blame) and the error.</summary>
public sealed record NotebookFailure(int? Cell, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Cell is { } c ? $"cell {c}: {Message}" : Message;
}

/// <summary>
/// The outcome of one notebook run: the executed notebook and its HTML page (for a failed run, its
/// <c>.failed</c> files), the time taken, any failure and, for a failed run, the page of the last successful run kept.
/// </summary>
public sealed record NotebookRunResult(string Name, string Source, string ExecutedNotebook, string? HtmlPage, TimeSpan Elapsed, NotebookFailure? Failure)
{
    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => Failure == null;

    /// <summary>For a failed run: the HTML page of the last successful run, left in place (null when there is none).</summary>
    public string? PreviousHtml { get; init; }

    /// <summary>When the run finished (UTC).</summary>
    public DateTime Finished { get; init; } = DateTime.UtcNow;

    /// <inheritdoc />
    public override string ToString() => Succeeded
        ? $"{Name}: ok in {Elapsed.TotalSeconds:0.0} s"
        : $"{Name}: FAILED at {Failure} ({Elapsed.TotalSeconds:0.0} s)";
}
