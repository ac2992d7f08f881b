namespace FewShotLearn.Cli;

/// <summary>
/// How the tool reports trouble: errors and warnings go to stderr (results stay on stdout), and the exit code says what
/// happened: 0 success, 1 bad input or a failure (a value out of range, a missing file, a loss that became NaN),
/// 2 usage (an unknown command or option, a missing required option).
/// </summary>
public static class CliErrors
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of bad input or a failure.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line the tool cannot understand.</summary>
    public const int Usage = 2;

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/>; on parse errors prints them to stderr and returns
    /// 1 (a bad value) or 2 (usage); otherwise runs the command through <see cref="Run"/>.</summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Error(e.Message);
            var command = string.Join(" ", parse.CommandResult.Command is RootCommand ? ["fewshot"] : ["fewshot", .. CommandPath(parse.CommandResult.Command)]);
            Stderr().MarkupLineInterpolated($"[grey]See `{command} --help`.[/]");
            return parse.Errors.All(OptionRules.IsValueError) ? Failure : Usage;
        }
        return Run(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    /// <summary>Runs the action, reporting exceptions on stderr without a stack trace unless FEWSHOT_DEBUG is set (exit code 1).</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FEWSHOT_DEBUG") is null)
        {
            var inner = e is AggregateException { InnerException: { } i } ? i : e;
            Error(Describe(inner));
            return Failure;
        }
    }

    /// <summary>The message of a failure without .NET's parameter suffixes (" (Parameter 'name')", "Actual value was ..."):
    /// the user knows options by their CLI names, which the messages themselves give.</summary>
    public static string Describe(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
            message = message.Replace($"{Environment.NewLine}Actual value was {actual}.", "");
        if (e is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "");
        return message;
    }

    /// <summary>Prints "error: MESSAGE" to stderr.</summary>
    public static void Error(string message) => Stderr().MarkupLineInterpolated($"[red]error:[/] {message}");

    /// <summary>Prints "warning: MESSAGE" to stderr.</summary>
    public static void Warn(string message) => Stderr().MarkupLineInterpolated($"[yellow]warning:[/] {message}");

    static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return names;
    }

    // Built per message from the current Console.Error, so a redirected stderr (tests, pipes) is honoured.
    // Redirected (a file, a pipe, a test), it writes plain text without colour codes or line wrapping.
    static IAnsiConsole Stderr()
    {
        var redirected = Console.IsErrorRedirected || Console.Error is StringWriter;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected) console.Profile.Width = 10_000;
        return console;
    }
}
