namespace FewShotLearn.Tests.Cli;

public class CliTests : CliTest
{

    [Fact]
    public void InfoNamesTheDeviceAndVersions()
    {
        var output = Succeeds("info");
        Assert.Contains("device", output);
        Assert.Contains(FewShotLearn.Runtime.Devices.Default.ToString(), output);
        Assert.Contains("0.107.0", output);
    }

    [Fact]
    public void MissingNotebookIsAClearErrorWithExitCodeOne()
    {
        var output = Fails("notebooks", "run", "/nonexistent/nb.ipynb", "--out", Path.GetTempPath());
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
