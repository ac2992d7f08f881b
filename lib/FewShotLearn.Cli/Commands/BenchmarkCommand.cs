namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot benchmark</c>: the documented performance figures (accuracy, time, throughput, memory), one sub-command each.</summary>
public static class BenchmarkCommand
{
    /// <summary>Creates the group: cnn, search, maml, fewshot, sweep.</summary>
    public static Command Create() => new("benchmark", "Measured performance figures: accuracy, time, throughput and memory.")
    {
        BenchmarkCnnCommand.Create(),
        BenchmarkSearchCommand.Create(),
        BenchmarkMamlCommand.Create(),
        BenchmarkFewShotCommand.Create(),
        BenchmarkSweepCommand.Create(),
    };
}
