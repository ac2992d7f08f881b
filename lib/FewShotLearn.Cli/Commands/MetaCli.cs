using System.CommandLine;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;
using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.Models;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;
using static TorchSharp.torch;

namespace FewShotLearn.Cli.Commands;

/// <summary>Options and helpers shared by the meta-learning commands (pretrain, metatrain, adapt, benchmark maml/fewshot).</summary>
public static class MetaCli
{
    /// <summary>--data: which cross-domain split.</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "Cross-domain split: 'glyphs' (built in: D1 glyph classes, target = unseen inverted glyph classes) or 'fashion-mnist' (D1 Fashion-MNIST, target MNIST digits 5-9; needs `fewshot data fetch`)",
        DefaultValueFactory = _ => "glyphs",
    };

    /// <summary>--per-class: images per class of the glyph split (or target/D2 MNIST images per class).</summary>
    public static Option<int> PerClass() => new Option<int>("--per-class") { Description = "Images per class (glyph split; D2/target size for MNIST)", DefaultValueFactory = _ => 20 }.InRange(2, 100_000);

    /// <summary>--channels of the EmbeddingNet blocks.</summary>
    public static Option<string> Channels() => new Option<string>("--channels") { Description = "Channels of the EmbeddingNet conv blocks, comma-separated", DefaultValueFactory = _ => "32,32,32" }.IntList(1, 1024, 8);

    /// <summary>Builds the chosen split.</summary>
    public static CrossDomainSplit Split(string name, int perClass, string? dataDir, int seed, Device device) => name.Trim().ToLowerInvariant() switch
    {
        "glyphs" => CrossDomainSplit.Glyphs(perClass: perClass, seed: seed, device: device),
        "fashion-mnist" or "fashion-mnist->mnist" => CrossDomainSplit.FashionToMnist(perClass: Math.Max(perClass, 20), dataDir: dataDir, seed: seed, device: device),
        _ => throw new ArgumentException($"Unknown --data '{name}'. Use 'glyphs' or 'fashion-mnist'."),
    };

    /// <summary>Stage-1 settings for the CLI.</summary>
    public static MetricTrainingOptions Stage1Options(int steps, int seed, Device device) =>
        new() { Steps = steps, ClassesPerBatch = 8, SamplesPerClass = 4, LearningRate = 1e-3, Seed = seed, Device = device };

    /// <summary>Loads a checkpoint with a message that says how to make one when it is missing.</summary>
    public static EmbeddingNet LoadModel(string path, Device device, string makeItWith)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model checkpoint '{path}' does not exist; create it with `{makeItWith}`.", path);
        return EmbeddingNet.Load(path, device);
    }

    /// <summary>Runs <paramref name="work"/> inside one Spectre progress bar of <paramref name="total"/> units; the callback advances it with a description.</summary>
    public static T WithProgress<T>(string title, double total, Func<Action<double, string>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                result = work((value, text) =>
                {
                    task.Value = value;
                    task.Description = Markup.Escape(text);
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Prints the results table with Spectre.</summary>
    public static void PrintResults(EvaluationResult result, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("method");
        foreach (var m in EvaluationResult.Metrics) table.AddColumn(m.Replace("k", result.Options.K.ToString()).Replace("@R", "@R"));
        foreach (var row in result.Rows()) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }
}
