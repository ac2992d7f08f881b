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
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!CudaAvailable)
                throw new ArgumentException($"Device '{name}' was requested but CUDA is not available: this build uses the " +
                    "CPU backend or no GPU is visible. Build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU (see environment.md), or use --device cpu.");
            return torch.device(name);
        }
        throw new ArgumentException($"Unknown device '{name}'. Use auto, cpu, cuda or cuda:N.");
    }
}
