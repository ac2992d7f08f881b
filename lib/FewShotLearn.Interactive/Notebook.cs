using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;

namespace FewShotLearn.Interactive;

/// <summary>The one call in the first cell of every notebook: loads libtorch, registers formatters, reports the device.</summary>
public static class Notebook
{
    /// <summary>Prepares the notebook session; returns a one-line summary (versions and device) to display.</summary>
    public static string Setup(int seed = Seeding.DefaultSeed)
    {
        FSharpCoreRedirect.Install();
        TorchRuntime.Initialize();
        Formatters.Register();
        Seeding.Seed(seed);
        return $"FewShotLearn ready: TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, device {Devices.Default}, seed {seed}";
    }
}
