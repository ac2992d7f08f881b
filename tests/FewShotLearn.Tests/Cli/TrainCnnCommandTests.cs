namespace FewShotLearn.Tests.Cli;

public class TrainCnnCommandTests : CliTest
{

    [Fact]
    public void TrainsOnGlyphsAndWritesACheckpoint()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-cli-cnn-").FullName;
        try
        {
            var ckpt = Path.Combine(dir, "glyphs.ckpt");
            var (code, output) = Invoke("train-cnn", "--dataset", "glyphs", "--epochs", "1", "--train-limit", "200", "--test-limit", "50",
                "--channels", "4", "--batch-size", "32", "--device", "cpu", "--checkpoint", ckpt);
            Assert.True(code == 0, output);
            Assert.Contains("features.conv1", output);
            Assert.Contains("test accuracy", output);
            var header = Checkpoint.ReadHeader(ckpt);
            Assert.Equal((1, "SmallCnn", "4", "glyphs"), (header.Epoch, header.Model, header.Config["channels"], header.Config["dataset"]));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void BadChannelsAndUnknownDataSetAreClearErrors()
    {
        var output = Fails("train-cnn", "--dataset", "glyphs", "--channels", "4,x");
        Assert.Contains("--channels must be 1 to 8 comma-separated integers from 1 to 1024; got '4,x'", output);
        output = Fails("train-cnn", "--dataset", "cifar");
        Assert.Contains("Unknown data set 'cifar'", output);
    }
}
