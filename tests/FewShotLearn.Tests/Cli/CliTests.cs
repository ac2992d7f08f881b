using static FewShotLearn.Tests.Cli.CliRunner;

namespace FewShotLearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class CliTests
{

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
