namespace FewShotLearn.Runtime;

/// <summary>The one place that decides which device the library computes on: CUDA when available, else CPU.</summary>
public static class Devices
{
    /// <summary>The default device: <c>cuda</c> when a CUDA backend and GPU are present, otherwise <c>cpu</c>.</summary>
    public static torch.Device Default
    {
        get
        {
            TorchRuntime.Initialize();
            return CudaAvailable ? torch.CUDA : torch.CPU;
        }
    }

    /// <summary>True when the loaded TorchSharp backend can use a CUDA GPU.</summary>
    public static bool CudaAvailable => cudaAvailable.Value;

    // Asked of libtorch once: the backend and the visible GPUs do not change while the process runs.
    static readonly Lazy<bool> cudaAvailable = new(() =>
    {
        TorchRuntime.Initialize();
        try { return torch.cuda.is_available(); }
        catch (Exception) { return false; }
    });

    /// <summary>
    /// Parses a device name: <c>auto</c> (the default device), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// Asking for CUDA where it is not available is an error that says how to get it.
    /// </summary>
    public static torch.Device Parse(string? name)
    {
        name = (name ?? "auto").Trim().ToLowerInvariant();
        if (name is "" or "auto") return Default;
        if (name == "cpu") { TorchRuntime.Initialize(); return torch.CPU; }
        if (NamesCuda(name))
        {
            if (!CudaAvailable)
                throw new ArgumentException($"Device '{name}' was requested but CUDA is not available: this build uses the " +
                    "CPU backend or no GPU is visible. Build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU (see environment.md), or use --device cpu.");
            return torch.device(name);
        }
        throw new ArgumentException($"Unknown device '{name}'. Use auto, cpu, cuda or cuda:N (N a GPU number from 0 to {MaxCudaIndex}).");
    }

    /// <summary>The highest GPU number <c>cuda:N</c> may name.</summary>
    public const int MaxCudaIndex = 63;

    /// <summary>
    /// True when <paramref name="name"/> asks for CUDA: <c>cuda</c> or <c>cuda:N</c> with N a GPU number (0 to
    /// <see cref="MaxCudaIndex"/>). A malformed name such as <c>cuda:x</c> does not, so <see cref="Parse"/> refuses it as unknown.
    /// </summary>
    public static bool NamesCuda(string? name)
    {
        var n = (name ?? "").Trim().ToLowerInvariant();
        return n == "cuda" || (n.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(n.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            && i <= MaxCudaIndex);
    }
}
