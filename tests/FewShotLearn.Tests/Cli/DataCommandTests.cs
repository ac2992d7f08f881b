using FewShotLearn.Cli;
using FewShotLearn.Data;
using FewShotLearn.Tests.Data;

namespace FewShotLearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class DataCommandTests
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
        Spectre.Console.AnsiConsole.Console.Profile.Width = 240;   // no line wrapping inside the asserted phrases
        try { return (Program.Main(args), writer.ToString()); }
        finally { Console.SetOut(previous); }
    }

    [Fact]
    public void List_shows_missing_and_present_data_sets_with_counts()
    {
        using var dir = new TempDir();
        var (code, output) = Invoke("data", "list", "--data-dir", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("fewshot data fetch mnist", output);
        Assert.Contains("fewshot data fetch fashion-mnist", output);
        Assert.Contains("glyphs", output);

        FakeDataSet.Write(DataSets.FolderOf(DataSets.Mnist, dir.Path), DataSets.Mnist, train: 7, test: 2);
        (code, output) = Invoke("data", "list", "--data-dir", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("│ 7 ", output);
        Assert.DoesNotContain("fewshot data fetch mnist", output);
    }

    [Fact]
    public void Unknown_data_set_is_an_error_with_exit_code_one()
    {
        var (code, output) = Invoke("data", "fetch", "cifar");
        Assert.Equal(1, code);
        Assert.Contains("Unknown data set 'cifar'", output);
        Assert.Contains("mnist, fashion-mnist", output);
    }
}
