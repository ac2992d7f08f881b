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

    /// <summary>
    /// For benchmarks: true, after saying so on standard output, when <paramref name="device"/> names CUDA and this machine has
    /// none (CPU TorchSharp backend or no visible GPU). The benchmark then measures nothing and exits 0: "measure on CUDA
    /// when present" is a request a CPU machine answers, not an error. Other commands refuse such a device (exit 1).
    /// </summary>
    public static bool CudaAbsent(string? device, string command)
    {
        if (!Devices.NamesCuda(device) || Devices.CudaAvailable) return false;
        AnsiConsole.MarkupLine(Markup.Escape($"{command}: CUDA is absent on this machine (CPU TorchSharp backend or no visible GPU), so nothing was measured on '{device}'. " +
            "Use --device cpu here, or build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU (see environment.md)."));
        return true;
    }
}
