namespace FewShotLearn.Cli;

/// <summary>
/// How <c>fewshot</c> writes to the shell. On a terminal: colours and live progress bars (Spectre.Console's detection).
/// With output redirected to a file or pipe, or TERM=dumb: no ANSI codes at all, no live redraws (progress is printed as
/// plain lines, readable in logs) and no wrapping at 80 columns (lines are as long as they need, or $COLUMNS).
/// NO_COLOR (https://no-color.org) turns colours off everywhere.
/// </summary>
public static class ConsoleSetup
{
    /// <summary>Width used when output is not a terminal and COLUMNS is not set.</summary>
    public const int RedirectedWidth = 1000;

    /// <summary>Builds the console for this process's environment and makes it Spectre's default.</summary>
    public static void Configure() => AnsiConsole.Console = Create(Console.IsOutputRedirected, Environment.GetEnvironmentVariable);

    /// <summary>The console for an output that is (or is not) redirected, under the given environment variables.</summary>
    public static IAnsiConsole Create(bool redirected, Func<string, string?> environment, TextWriter? output = null)
    {
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        var plain = redirected || dumb;
        var noColor = !string.IsNullOrEmpty(environment("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output == null ? null : new AnsiConsoleOutput(output),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain || noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (plain) console.Profile.Width = int.TryParse(environment("COLUMNS"), out var columns) && columns > 0 ? columns : RedirectedWidth;
        return console;
    }
}
