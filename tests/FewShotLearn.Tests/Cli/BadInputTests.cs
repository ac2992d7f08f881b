using System.CommandLine;
using FewShotLearn.Cli;

namespace FewShotLearn.Tests.Cli;

/// <summary>Bad values exit 1 before any work with a message on stderr naming the option; usage errors exit 2.</summary>
public class BadInputTests : CliTest
{
    public static TheoryData<string, string[]> BadValues => new()
    {
        { "--outer-lr", ["metatrain", "--outer-lr", "NaN"] },
        { "--inner-lr", ["metatrain", "--inner-lr", "Infinity"] },
        { "--tolerance", ["metatrain", "--tolerance", "NaN"] },
        { "--meta-ways", ["metatrain", "--meta-ways", "1"] },
        { "--meta-iterations", ["metatrain", "--meta-iterations", "-1"] },
        { "--out", ["metatrain", "--out", ""] },
        { "--lr", ["adapt", "--lr", "NaN"] },
        { "--lr", ["adapt", "--lr", "0"] },
        { "--shots", ["adapt", "--shots", "0"] },
        { "--lr", ["train-cnn", "--lr", "-1"] },
        { "--lr", ["train-cnn", "--lr", "1e400"] },
        { "--epochs", ["train-cnn", "--epochs", "0"] },
        { "--epochs", ["train-cnn", "--epochs", "NaN"] },   // not an integer at all: the rule's message, not a crash
        { "--rounds", ["metatrain", "--rounds", "abc"] },
        { "--feedback-tasks", ["benchmark", "fewshot", "--feedback-tasks", "99999999999"] },
        { "--batch-size", ["train-cnn", "--batch-size", "0"] },
        { "--train-limit", ["train-cnn", "--train-limit", "-5"] },
        { "--channels", ["train-cnn", "--channels", "4,x"] },
        { "--channels", ["train-cnn", "--channels", "4,4,4,4,4,4,4,4,4"] },
        { "--channels", ["pretrain", "--channels", "0"] },
        { "--epochs", ["gcn", "--epochs", "0"] },
        { "--labelled", ["gcn", "--labelled", "40"] },
        { "--per-family", ["gcn", "--per-family", "0"] },
        { "--queries", ["benchmark", "search", "--queries", "0"] },
        { "--sizes", ["benchmark", "search", "--sizes", "0"] },
        { "--dim", ["benchmark", "search", "--dim", "100000"] },
        { "--iterations", ["benchmark", "maml", "--iterations", "0"] },
        { "--shots", ["benchmark", "fewshot", "--shots", "0,5"] },
        { "--image-size", ["index", "--image-size", "30000", "--data", "glyphs:test", "--model", "m.fsm"] },
        { "--batch-size", ["index", "--batch-size", "-5", "--data", "glyphs:test", "--model", "m.fsm"] },
        { "-k", ["search", "-k", "0", "--index", "i.fsi", "--model", "m.fsm", "--query", "q.png"] },
        { "-k", ["evaluate", "-k", "-1", "--index", "i.fsi", "--model", "m.fsm", "--queries", "glyphs:test"] },
        { "--classes-per-batch", ["metric-train", "--classes-per-batch", "1"] },
        { "--steps", ["pretrain", "--steps", "0"] },
        { "--timeout", ["notebooks", "run", "--timeout", "0"] },
        { "--sizes", ["transfer", "study", "--sizes", "3"] },
        { "--classes", ["data", "bench", "--classes", "1"] },
        { "--out", ["metric-train", "--out", Path.GetTempPath()] },
        { "--out", ["notebooks", "run", "--out", typeof(BadInputTests).Assembly.Location] },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueExitsOneAtOnceNamingTheOptionOnStderr(string option, string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(1, code);
        Assert.Contains($"error: {option} must be", stderr);
        Assert.DoesNotContain("error", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("train-cnn", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("search", "-k", "3")]   // required options missing
    public void AUsageErrorExitsTwo(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--help", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public void AFailureIsReportedOnStderrWithExitCodeOne()
    {
        var (code, stdout, stderr) = Run("index", "--data", "glyphs:test", "--model", "/nonexistent/model.fsm", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("error:", stderr);
        Assert.Contains("/nonexistent/model.fsm", stderr);
        Assert.DoesNotContain("error", stdout);
    }

    [Fact]
    public void AdaptWithMoreShotsThanTargetImagesNamesShotsAndPerClass()
    {
        var dir = Directory.CreateTempSubdirectory("fewshot-bad-adapt").FullName;
        try
        {
            var stage1 = Path.Combine(dir, "stage1.ckpt");
            var output = Succeeds("pretrain", "--steps", "1", "--channels", "4", "--per-class", "6", "--out", stage1, "--device", "cpu");
            var (code2, stdout, stderr) = Run("adapt", "--model", stage1, "--per-class", "6", "--shots", "50", "--device", "cpu", "--out", Path.Combine(dir, "a.ckpt"));
            Assert.Equal(1, code2);
            Assert.Contains("--shots 50", stderr);
            Assert.Contains("--per-class", stderr);
            Assert.DoesNotContain("error", stdout);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ParameterNamesOfDotNetExceptionsAreNotShown() =>
        Assert.Equal("Size must be positive; got 0.", CliErrors.Describe(new ArgumentOutOfRangeException("size", 0, "Size must be positive; got 0.")));

    [Fact]
    public void EveryNumericOptionOfEveryCommandHasARange()
    {
        static IEnumerable<Command> All(Command c) => c.Subcommands.SelectMany(All).Prepend(c);
        var numeric = new[] { typeof(int), typeof(int?), typeof(long), typeof(double), typeof(float), typeof(int[]) };
        var unruled = All(Program.BuildRoot())
            .SelectMany(c => c.Options.Where(o => numeric.Contains(o.ValueType) && o.Name != "--seed" && o.Validators.Count == 0).Select(o => $"{c.Name} {o.Name}"))
            .ToList();
        Assert.Empty(unruled);
    }
}
