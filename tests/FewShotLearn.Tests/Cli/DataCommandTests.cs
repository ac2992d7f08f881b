using FewShotLearn.Tests.Data;

namespace FewShotLearn.Tests.Cli;

public class DataCommandTests : CliTest
{

    [Fact]
    public void ListShowsMissingAndPresentDataSetsWithCounts()
    {
        using var dir = new TempDir();
        var output = Succeeds("data", "list", "--data-dir", dir.Path);
        Assert.Contains("fewshot data fetch mnist", output);
        Assert.Contains("fewshot data fetch fashion-mnist", output);
        Assert.Contains("glyphs", output);

        FakeDataSet.Write(DataSets.FolderOf(DataSets.Mnist, dir.Path), DataSets.Mnist, train: 7, test: 2);
        output = Succeeds("data", "list", "--data-dir", dir.Path);
        Assert.Contains("│ 7 ", output);
        Assert.DoesNotContain("fewshot data fetch mnist", output);
    }

    [Fact]
    public void UnknownDataSetIsAnErrorWithExitCodeOne()
    {
        var output = Fails("data", "fetch", "cifar");
        Assert.Contains("Unknown data set 'cifar'", output);
        Assert.Contains("mnist, fashion-mnist", output);
    }
}
