using FewShotLearn.Cli;

namespace FewShotLearn.Tests.Cli;

public class MetaCliTests : CliTest
{

    [Fact]
    public void MetatrainWithoutACheckpointSaysHowToMakeOne()
    {
        var output = Fails("metatrain", "--model", "/nonexistent/stage1.ckpt", "--device", "cpu");
        Assert.Contains("/nonexistent/stage1.ckpt", output);
        Assert.Contains("fewshot pretrain", output);
    }

    [Fact]
    public void PretrainThenAdaptWritesLoadableCheckpoints()
    {
        var dir = Directory.CreateTempSubdirectory("fewshot-meta-cli").FullName;
        var stage1 = Path.Combine(dir, "stage1.ckpt");
        var adapted = Path.Combine(dir, "adapted.ckpt");
        var output = Succeeds("pretrain", "--steps", "3", "--channels", "4,4", "--per-class", "6", "--out", stage1, "--device", "cpu", "--seed", "1");
        var output2 = Succeeds("adapt", "--model", stage1, "--per-class", "6", "--shots", "2", "--steps", "2", "--out", adapted, "--device", "cpu");
        Assert.Contains("support loss per step", output2);
        using var a = EmbeddingNet.Load(adapted, TorchSharp.torch.CPU);
        using var s = EmbeddingNet.Load(stage1, TorchSharp.torch.CPU);
        Assert.NotEqual(s.Fingerprint(), a.Fingerprint());   // adaptation changed the weights
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));     // atomic writes leave no temporary files
    }

    [Fact]
    public void BenchmarkFewShotPrintsTheTableThePairedDifferencesAndTheVerdict()
    {
        var (code, output) = Invoke("benchmark", "fewshot", "--data", "glyphs", "--tasks", "3", "--shots", "1", "--pretrain-steps", "3", "--meta-iterations", "2",
            "--rounds", "1", "--channels", "4,4", "--per-class", "8", "--feedback-tasks", "2", "--device", "cpu", "--seed", "2");
        Assert.True(code == 0, output);
        Assert.Contains("| full method (pretraining + MAML + fine-tuning) |", output);
        Assert.Contains("Step 230, agreement rounds", output);
        Assert.Contains("tolerance", output);
        Assert.Contains("Step 240, feedback on the full method", output);
        Assert.Contains("| rounds of feedback (2 tasks) |", output);
        Assert.Contains("| − prototypical network + fine-tuning |", output);
        Assert.Contains("paired difference", output);
        Assert.Contains("verdict: the full method", output);
    }

    [Fact]
    public void BenchmarkFewShotNamesTheKnownPresetsAndProtocols()
    {
        var output = Fails("benchmark", "fewshot", "--preset", "fast", "--device", "cpu");
        Assert.Contains("headline", output);
        var output2 = Fails("benchmark", "fewshot", "--protocol", "p3", "--device", "cpu");
        Assert.Contains("'unseen'", output2);
    }

    [Fact]
    public void BenchmarkMamlIsUnderTheBenchmarkGroup()
    {
        var root = Program.BuildRoot();
        var bench = Assert.Single(root.Subcommands, c => c.Name == "benchmark");
        Assert.Contains(bench.Subcommands, c => c.Name == "maml");
        Assert.Contains(bench.Subcommands, c => c.Name == "fewshot");
    }

    [Fact]
    public void BenchmarkMamlOnCudaSaysWhetherCudaIsThere()
    {
        var tiny = new[] { "--ways", "2", "--shots", "1", "--queries", "2", "--inner-steps", "1", "--meta-batch", "1", "--channels", "4", "--size", "16", "--iterations", "1", "--repeats", "1" };
        var output = Succeeds(["benchmark", "maml", "--device", "cuda", .. tiny]);
        if (FewShotLearn.Runtime.Devices.CudaAvailable)
            Assert.Contains("GPU", output);          // measured on the GPU, memory read from nvidia-smi
        else
        {
            Assert.Contains("CUDA is absent", output);
            Assert.Contains("--device cpu", output);
            Assert.DoesNotContain("floor s/iter", output);   // nothing was measured
        }
    }

    [Fact]
    public void BenchmarkMamlRefusesAnUnknownWorkload()
    {
        var output = Fails("benchmark", "maml", "--workload", "resnet", "--device", "cpu");
        Assert.Contains("--workload", output);
        Assert.Contains("conv4", output);
    }
}
