using FewShotLearn.Cli;

namespace FewShotLearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class CliTests
{
    static (int Code, string Output) Invoke(params string[] args)
    {
        var previous = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer), Ansi = Spectre.Console.AnsiSupport.No,
        });
        try { return (Program.Main(args), writer.ToString()); }
        finally { Console.SetOut(previous); }
    }

    [Fact]
    public void InfoNamesTheDeviceAndVersions()
    {
        var (code, output) = Invoke("info");
        Assert.Equal(0, code);
        Assert.Contains("device", output);
        Assert.Contains(FewShotLearn.Runtime.Devices.Default.ToString(), output);
        Assert.Contains("0.107.0", output);
    }

    [Fact]
    public void MissingNotebookIsAClearErrorWithExitCodeOne()
    {
        var (code, output) = Invoke("notebooks", "run", "/nonexistent/nb.ipynb", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("error:", output);
        Assert.Contains("/nonexistent/nb.ipynb", output);
    }
}

/// <summary>Tests that redirect the console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class ConsoleCollection
{
    public const string Name = "console";
}
