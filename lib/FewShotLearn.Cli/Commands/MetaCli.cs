namespace FewShotLearn.Cli.Commands;

/// <summary>Options and helpers shared by the meta-learning commands (pretrain, metatrain, adapt, benchmark maml/fewshot).</summary>
public static class MetaCli
{
    /// <summary>--data: which cross-domain split.</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "Cross-domain split: 'glyphs' (built in: source glyph classes, target = unseen inverted glyph classes), 'mnist' (source glyphs, " +
            "searched kind MNIST digits) or 'fashion' (source glyphs + MNIST, searched kind Fashion-MNIST); the last two need `fewshot data fetch`",
        DefaultValueFactory = _ => "glyphs",
    };

    /// <summary>--protocol: P1 (target classes unseen in meta-training) or P2 (the patent's claim 1).</summary>
    public static Option<string> Protocol() => new("--protocol")
    {
        Description = "'unseen' (P1: target classes never seen in meta-training) or 'same' (P2, claim 1: meta-train holds a few labelled images of the " +
            "searched classes; the database holds other images of them)",
        DefaultValueFactory = _ => "unseen",
    };

    /// <summary>--per-class: images per class of the glyph split (and of the source set of the real-data splits).</summary>
    public static Option<int> PerClass() => new Option<int>("--per-class") { Description = "Images per class of the glyph split (and of the source set of the mnist and fashion splits)", DefaultValueFactory = _ => 20 }.InRange(2, 100_000);

    /// <summary>--channels of the EmbeddingNet blocks.</summary>
    public static Option<string> Channels() => new Option<string>("--channels") { Description = "Channels of the EmbeddingNet conv blocks, comma-separated", DefaultValueFactory = _ => "32,32,32" }.IntList(1, 1024, 8);

    /// <summary>Builds the chosen split.</summary>
    public static CrossDomainSplit Split(string name, int perClass, string? dataDir, int seed, Device device, string protocol = "unseen") =>
        CrossDomainSplit.Create(name, CrossDomainSplit.ParseProtocol(protocol), perClass, dataDir, seed, device);

    /// <summary>Parses "1,5" for the option named <paramref name="option"/>.</summary>
    public static int[] ParseInts(string text, string option)
    {
        try
        {
            var v = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            if (v.Length == 0) throw new FormatException();
            return v;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} must be integers separated by commas (e.g. 1,5); got '{text}'.");
        }
    }

    /// <summary>Parses "32,32,32".</summary>
    public static int[] ParseChannels(string text)
    {
        try
        {
            var c = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            if (c.Length == 0 || c.Any(x => x < 1)) throw new FormatException();
            return c;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--channels must be positive integers separated by commas (e.g. 32,32,32); got '{text}'.");
        }
    }

    /// <summary>Pretraining settings for the CLI.</summary>
    public static MetricTrainingOptions PretrainingOptions(int steps, int seed, Device device) =>
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

}
