namespace FewShotLearn.Cli;

/// <summary>The options every command that computes or reads data shares: --seed, --device and --data-dir, defined once.</summary>
public static class CommonOptions
{
    /// <summary>--seed (default <see cref="Seeding.DefaultSeed"/>).</summary>
    public static Option<int> Seed(string description = "Random seed") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => Seeding.DefaultSeed };

    /// <summary>--device: auto (CUDA when available), cpu, cuda or cuda:N; parsed by <see cref="Devices.Parse"/>.</summary>
    public static Option<string> Device() =>
        new("--device") { Description = "auto, cpu, cuda or cuda:N", DefaultValueFactory = _ => "auto" };

    /// <summary>--data-dir: where fetched data sets live.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Data directory (default: $FEWSHOT_DATA, else <repo>/data/datasets, else ~/.local/share/fewshotlearn/datasets).",
    };
}
