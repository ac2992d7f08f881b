using Spectre.Console;

namespace FewShotLearn.Cli;

/// <summary>Turns expected failures (bad input, missing data) into one clear red message and exit code 1.</summary>
public static class CliErrors
{
    /// <summary>Runs the action, reporting exceptions without a stack trace unless FEWSHOT_DEBUG is set.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FEWSHOT_DEBUG") is null)
        {
            var inner = e is AggregateException { InnerException: { } i } ? i : e;
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {inner.Message}");
            return 1;
        }
    }
}
