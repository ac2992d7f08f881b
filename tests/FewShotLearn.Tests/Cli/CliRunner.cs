using FewShotLearn.Cli;

namespace FewShotLearn.Tests.Cli;

/// <summary>Runs the <c>fewshot</c> tool in-process and captures what it prints (plain text, wide lines, no prompts).</summary>
static class CliRunner
{
    /// <summary>Exit code and everything printed (stdout, then stderr), as a terminal shows it.</summary>
    public static (int Code, string Output) Invoke(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        return (code, stdout + stderr);
    }

    /// <summary>Exit code, stdout and stderr apart.</summary>
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var (previousOut, previousError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(stdout),
            Ansi = Spectre.Console.AnsiSupport.No,
            Interactive = Spectre.Console.InteractionSupport.No,
        });
        Spectre.Console.AnsiConsole.Console.Profile.Width = 240;   // no line wrapping inside asserted phrases
        try { return (Program.Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(previousOut); Console.SetError(previousError); }
    }
}
