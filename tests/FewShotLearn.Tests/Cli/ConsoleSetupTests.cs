using FewShotLearn.Cli;
using Spectre.Console;
using Table = Spectre.Console.Table;

namespace FewShotLearn.Tests.Cli;

public class ConsoleSetupTests
{
    static readonly Dictionary<string, string?> Terminal = new() { ["TERM"] = "xterm-256color" };

    static string Render(bool redirected, IReadOnlyDictionary<string, string?> env, Action<IAnsiConsole> write)
    {
        var writer = new StringWriter();
        var console = ConsoleSetup.Create(redirected, k => env.GetValueOrDefault(k), writer);
        write(console);
        return writer.ToString();
    }

    static void WideTable(IAnsiConsole console)
    {
        var table = new Table().AddColumns("notebook", "result", "detail");
        table.AddRow("[green]03-training-a-cnn[/]", "[red]FAILED[/]", new string('x', 150));
        console.Write(table);
        console.MarkupLine("[bold red]error:[/] something");
    }

    [Fact]
    public void RedirectedOutputHasNoAnsiCodesAndNoWrappingEvenWithAColourTerm()
    {
        var text = Render(redirected: true, Terminal, WideTable);
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains(new string('x', 150), text); // one line, not wrapped at 80 columns
        Assert.Contains("error: something", text);
    }

    [Fact]
    public void ColumnsAndTermDumbAreRespected()
    {
        var narrow = Render(redirected: true, new Dictionary<string, string?> { ["COLUMNS"] = "60" }, WideTable);
        Assert.DoesNotContain(new string('x', 150), narrow);
        Assert.True(narrow.Split('\n').Max(l => l.TrimEnd('\r').Length) <= 60);
        var dumb = Render(redirected: false, new Dictionary<string, string?> { ["TERM"] = "dumb" }, WideTable);
        Assert.DoesNotContain('\u001b', dumb);
    }

    [Fact]
    public void NoColorDropsColoursOnATerminal()
    {
        var console = ConsoleSetup.Create(false, k => k == "NO_COLOR" ? "1" : Terminal.GetValueOrDefault(k), new StringWriter());
        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
    }

    [Fact]
    public void RedirectedConsoleIsNotInteractiveSoTrainingProgressIsWrittenAsLines()
    {
        // Spectre's live progress bar prints nothing on a non-interactive console; SpectreProgress then writes lines.
        var console = ConsoleSetup.Create(true, k => Terminal.GetValueOrDefault(k), new StringWriter());
        Assert.False(console.Profile.Capabilities.Interactive);
        Assert.False(console.Profile.Capabilities.Ansi);
    }

    [Fact]
    public void TrainingInALogPrintsPlainProgressLines()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-cli-log-").FullName;
        try
        {
            var (code, output) = CliRunner.Invoke("train-cnn", "--dataset", "glyphs", "--epochs", "1", "--train-limit", "200", "--test-limit", "50",
                "--channels", "4", "--batch-size", "20", "--device", "cpu", "--checkpoint", Path.Combine(dir, "g.ckpt"));
            Assert.True(code == 0, output);
            Assert.DoesNotContain('\u001b', output);
            Assert.Contains("steps", output);
            Assert.True(output.Contains("step 10/10 (100%)"), output);
            Assert.Contains("epoch 1: train loss", output);
        }
        finally { Directory.Delete(dir, true); }
    }
}
