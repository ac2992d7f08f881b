using FewShotLearn.Tests.Data;

using static FewShotLearn.Tests.Cli.CliRunner;

namespace FewShotLearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class DataCommandTests
{

    [Fact]
    public void ListShowsMissingAndPresentDataSetsWithCounts()
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
    public void UnknownDataSetIsAnErrorWithExitCodeOne()
    {
        var (code, output) = Invoke("data", "fetch", "cifar");
        Assert.Equal(1, code);
        Assert.Contains("Unknown data set 'cifar'", output);
        Assert.Contains("mnist, fashion-mnist", output);
    }
}
