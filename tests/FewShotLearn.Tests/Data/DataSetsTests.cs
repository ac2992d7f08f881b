namespace FewShotLearn.Tests.Data;

public class DataSetsTests
{
    [Fact]
    public void MissingDataSetNamesTheFetchCommandAndDirectory()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataSetMissingException>(() => DataSets.Load("fashion-mnist", "train", dir.Path));
        Assert.Contains("data fetch fashion-mnist", e.Message);
        Assert.Contains("dotnet run --project lib/FewShotLearn.Cli -- data fetch", e.Message);
        Assert.Contains(dir.Path, e.Message);
        Assert.False(DataSets.IsAvailable("mnist", dir.Path));
        Assert.False(DataSetStatus.Of(DataSets.Mnist, dir.Path).Present);
    }

    [Fact]
    public void UnknownNameAndSplitAreClearErrors()
    {
        Assert.Contains("mnist, fashion-mnist", Assert.Throws<ArgumentException>(() => DataSets.Get("cifar")).Message);
        Assert.Contains("\"train\" or \"test\"", Assert.Throws<ArgumentException>(() => DataSets.NormalizeSplit("valid")).Message);
        Assert.Equal("test", DataSets.NormalizeSplit("t10k"));
        Assert.Same(DataSets.FashionMnist, DataSets.Get("Fashion-MNIST"));
    }

    [Fact]
    public void LoadsASplitFromIdxFiles()
    {
        using var dir = new TempDir();
        var folder = DataSets.FolderOf(DataSets.Mnist, dir.Path);
        FakeDataSet.Write(folder, DataSets.Mnist, train: 6, test: 3, classes: 10);
        Assert.True(DataSets.IsAvailable("mnist", dir.Path));
        using var train = DataSets.Load("mnist", "train", dir.Path, CPU);
        Assert.Equal(new long[] { 6, 1, 4, 4 }, train.Images.shape);
        Assert.Equal(ScalarType.Float32, train.Images.dtype);
        Assert.Equal(50f / 255f, train.Images[5, 0, 3, 3].item<float>(), 6);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, train.Labels);
        Assert.Equal("mnist/train", train.Name);
        Assert.Equal(10, train.ClassCount);
        using var test = DataSets.Load("mnist", "test", dir.Path, CPU);
        Assert.Equal(3, test.Count);
        Assert.Equal(200f / 255f, test.Images[0, 0, 0, 0].item<float>(), 6);
        var status = DataSetStatus.Of(DataSets.Mnist, dir.Path);
        Assert.Equal((true, 6, 3), (status.Present, status.TrainCount, status.TestCount));
    }

    [Fact]
    public void DataDirectoryPrefersTheExplicitArgumentThenTheEnvironmentThenTheRepository()
    {
        Assert.Equal(Path.GetFullPath("/tmp/explicit"), DataSets.DataDirectory("/tmp/explicit"));
        var env = Environment.GetEnvironmentVariable(DataSets.EnvironmentVariable);
        var repo = FewShotLearn.Runtime.RepositoryRoot.Find(AppContext.BaseDirectory);
        Assert.NotNull(repo);
        Assert.True(File.Exists(Path.Combine(repo!, "FewShotLearn.sln")));
        var expected = string.IsNullOrWhiteSpace(env) ? Path.Combine(repo!, "data", "datasets") : Path.GetFullPath(env);
        Assert.Equal(expected, DataSets.DataDirectory());
    }

    [Fact]
    public void ADataDirectoryThatIsAFileOrUnwritableIsAClearError()
    {
        using var dir = new TempDir();
        var file = dir["not-a-folder"];
        File.WriteAllText(file, "x");
        Assert.Contains("--data-dir", Assert.Throws<IOException>(() => DataSets.DataDirectory(file)).Message);
        var previous = Environment.GetEnvironmentVariable(DataSets.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataSets.EnvironmentVariable, file);
            var e = Assert.Throws<IOException>(() => DataSets.DataDirectory());
            Assert.Contains(DataSets.EnvironmentVariable, e.Message);
            Assert.Contains("is a file, not a folder", e.Message);
        }
        finally { Environment.SetEnvironmentVariable(DataSets.EnvironmentVariable, previous); }
        // A folder that cannot be created or written (here: below a file) is named with the fix before any download.
        var fetcher = new DataFetcher(Path.Combine(file, "datasets"), [new FolderSource("mnist", dir.Path)]);
        var unwritable = Assert.Throws<IOException>(() => fetcher.Fetch("mnist"));
        Assert.Contains("writable folder", unwritable.Message);
    }
}
