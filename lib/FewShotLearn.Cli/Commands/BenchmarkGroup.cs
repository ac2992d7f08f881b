using System.CommandLine;

namespace FewShotLearn.Cli.Commands;

/// <summary>Adds sub-commands under <c>benchmark</c>, creating that group when no other part has.</summary>
public static class BenchmarkGroup
{
    /// <summary>Attaches <paramref name="commands"/> to the root's <c>benchmark</c> command.</summary>
    public static void Attach(RootCommand root, params Command[] commands)
    {
        var group = root.Subcommands.FirstOrDefault(c => c.Name == "benchmark");
        if (group is null)
        {
            group = new Command("benchmark", "Measured performance figures (accuracy, time, throughput).");
            root.Subcommands.Add(group);
        }
        foreach (var c in commands) group.Subcommands.Add(c);
    }
}
