using CliWrap;

namespace FewShotLearn.Notebooks;

/// <summary>Runs a notebook host or tool (dotnet-repl, dotnet, jupyter) with CliWrap: output captured, no input, a time limit after which the whole process tree is killed.</summary>
static class HostProcess
{
    /// <summary>The exit code, stdout followed by stderr, and whether the time limit stopped it.</summary>
    public static (int ExitCode, string Output, bool TimedOut) Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        var command = Cli.Wrap(file).WithArguments(args).WithWorkingDirectory(workingDirectory).WithEnvironmentVariables(env)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var result = command.ExecuteAsync(cancel.Token).GetAwaiter().GetResult();
            return (result.ExitCode, stdout.ToString() + stderr, false);
        }
        catch (OperationCanceledException)
        {
            return (-1, stdout.ToString() + stderr, true);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception || e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"Could not start '{file}': {(e.InnerException ?? e).Message}. Is it installed and on PATH?", e);
        }
    }

    /// <summary>The last <paramref name="max"/> characters of a log.</summary>
    public static string Tail(string text, int max) => text.Length <= max ? text : "..." + text[^max..];
}
