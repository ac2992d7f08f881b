using FewShotLearn.Cli.Commands;

namespace FewShotLearn.Cli;

/// <summary>Entry point of the <c>fewshot</c> tool: one sub-command per file under Commands/.</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FewShotLearn: CNN course notebooks and few-shot image retrieval on TorchSharp.");
        foreach (var command in new[]
                 {
                     InfoCommand.Create(),
                     DataCommand.Create(),
                     NotebooksCommand.Create(), JupyterCommand.Create(),
                     CourseCommand.Create(),
                     TrainCnnCommand.Create(),
                     MetricTrainCommand.Create(), IndexCommand.Create(), SearchCommand.Create(), EvaluateCommand.Create(), BenchmarkCommand.Create(),
                     TransferCommand.Create(),
                     GcnCommand.Create(),
                     PretrainCommand.Create(), MetatrainCommand.Create(), AdaptCommand.Create(),
                 })
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>The process entry point: sets up the console for a terminal or a log (<see cref="ConsoleSetup"/>), then runs.</summary>
    public static int Main(string[] args)
    {
        ConsoleSetup.Configure();
        return Run(args);
    }

    /// <summary>Runs the tool on the current console; exit code 0 on success, 1 on bad input or a failure, 2 on a usage error (see <see cref="CliErrors"/>).</summary>
    public static int Run(string[] args)
    {
        // Library warnings (a loss that explodes, a stale temp file that could not be removed) go to stderr like the CLI's own.
        FewShotLearn.Runtime.Warnings.Handler = CliErrors.Warn;
        return CliErrors.Invoke(BuildRoot(), args);
    }
}
