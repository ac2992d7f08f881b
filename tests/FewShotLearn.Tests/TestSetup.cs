using System.Runtime.CompilerServices;
using FewShotLearn.Runtime;

namespace FewShotLearn.Tests;

/// <summary>Prepares libtorch before any test touches TorchSharp directly.</summary>
static class TestSetup
{
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        // xunit runs test classes in parallel and notebook tests start kernels beside them: one libtorch
        // thread per process (inherited by the notebook hosts) avoids oversubscribing the cores.
        if (Environment.GetEnvironmentVariable(TorchRuntime.ThreadsVariable) is null)
            Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, "1");
        TorchRuntime.Initialize();
    }
#pragma warning restore CA2255
}
