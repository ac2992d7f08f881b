namespace FewShotLearn.Tests.Cli;

/// <summary>
/// Base of the test classes that run the <c>fewshot</c> tool in-process (<see cref="CliRunner"/>): they share Console.Out and
/// AnsiConsole.Console, so they run one at a time (<see cref="ConsoleCollection"/>, inherited by every subclass); the
/// exit-code assertions are written once here.
/// </summary>
[Collection(ConsoleCollection.Name)]
public abstract class CliTest
{
    /// <summary>Exit code and everything printed.</summary>
    protected static (int Code, string Output) Invoke(params string[] args) => CliRunner.Invoke(args);

    /// <summary>Exit code, stdout and stderr apart.</summary>
    protected static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Runs the tool, asserts exit code 0 (the failure shows what it printed) and returns what it printed.</summary>
    protected static string Succeeds(params string[] args) => Exits(0, args);

    /// <summary>Runs the tool, asserts exit code 1 (a clear error, no usage error) and returns what it printed.</summary>
    protected static string Fails(params string[] args) => Exits(1, args);

    static string Exits(int expected, string[] args)
    {
        var (code, output) = CliRunner.Invoke(args);
        Assert.True(code == expected, $"exit code {code}, expected {expected}; output:\n{output}");
        return output;
    }
}
