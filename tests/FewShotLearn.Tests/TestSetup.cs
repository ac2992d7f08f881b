using System.Runtime.CompilerServices;
using FewShotLearn.Runtime;

namespace FewShotLearn.Tests;

/// <summary>Prepares libtorch before any test touches TorchSharp directly.</summary>
static class TestSetup
{
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init() => TorchRuntime.Initialize();
#pragma warning restore CA2255
}
