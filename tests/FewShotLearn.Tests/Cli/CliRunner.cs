using FewShotLearn.Cli;

namespace FewShotLearn.Tests.Cli;

/// <summary>Runs the <c>fewshot</c> tool in-process and captures what it prints (plain text, wide lines, no prompts).</summary>
static class CliRunner
{
    public static (int Code, string Output) Invoke(params string[] args)
    {
        var previous = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Ansi = Spectre.Console.AnsiSupport.No,
            Interactive = Spectre.Console.InteractionSupport.No,
        });
        Spectre.Console.AnsiConsole.Console.Profile.Width = 240;   // no line wrapping inside asserted phrases
        try { return (Program.Run(args), writer.ToString()); }
        finally { Console.SetOut(previous); }
    }
}
