using System.Runtime.CompilerServices;

// Tests seed libtorch's global generator and then assert on what training produced: run them one at a time so no
// other test draws from that generator in between (parallel runs made seeded results vary).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FewShotLearn.Tests;

/// <summary>Prepares libtorch before any test touches TorchSharp directly.</summary>
static class TestSetup
{
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        // One libtorch thread per process (inherited by the notebook hosts the tests start): floating-point
        // reductions then run in the same order on any machine, so seeded results do not depend on the core count.
        if (Environment.GetEnvironmentVariable(TorchRuntime.ThreadsVariable) is null)
            Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, "1");
        TorchRuntime.Initialize();
    }
#pragma warning restore CA2255
}
