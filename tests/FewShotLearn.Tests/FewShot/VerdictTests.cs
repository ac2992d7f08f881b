namespace FewShotLearn.Tests.FewShot;

public class VerdictTests
{
    static RetrievalScores Score(double map) => new(10, 5, map, map, map, map, map);

    // Per-task mAP@R of the full method and one baseline over 8 tasks (baseline = full + shift, with task noise).
    static EvaluationResult Result(int shots, double shift, string baseline = "plain")
    {
        double[] full = [0.50, 0.62, 0.41, 0.70, 0.55, 0.48, 0.66, 0.59];
        double[] noise = [0.01, -0.01, 0.02, -0.02, 0.0, 0.01, -0.01, 0.0];
        var other = full.Select((x, i) => x + shift + noise[i]).ToArray();
        return new EvaluationResult(new EvaluationOptions { Shots = shots, Tasks = 8 },
        [
            (FullMethod.DisplayName, full.Select(Score).ToArray()),
            (baseline, other.Select(Score).ToArray()),
        ]);
    }

    [Fact]
    public void SaysWhenTheFullMethodBeatsEveryBaseline()
    {
        var line = Verdict.For([Result(1, -0.10), Result(5, -0.05)]);
        Assert.StartsWith("verdict: the full method beats all baselines at 1 and 5 shots", line);
    }

    [Fact]
    public void NamesTheBaselineItDoesNotBeatWithTheDifference()
    {
        var line = Verdict.For([Result(1, +0.07), Result(5, -0.05)]);
        Assert.StartsWith("verdict: the full method does not beat plain at 1 shot (-0.070 ± ", line);
        Assert.Contains("mAP@R, worse)", line);
        Assert.DoesNotContain("5 shots", line);
        var tie = Verdict.For([Result(1, 0.0)]);
        Assert.Contains("no significant difference", tie);
    }

    [Fact]
    public void TheTableListsPairedDifferencesAgainstTheFullMethod()
    {
        var md = Result(1, +0.07).ToMarkdown();
        Assert.Contains("| − plain | -0.070 ± ", md);
        Assert.Contains("8 target tasks", md);
    }
}
