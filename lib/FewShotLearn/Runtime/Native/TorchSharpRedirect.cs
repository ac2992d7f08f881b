using System.Reflection;
using System.Runtime.Loader;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// TorchSharp.PyBridge 1.4.4 is compiled against TorchSharp 0.103; hosts without a deps.json binding (the
/// notebook kernel) cannot resolve that reference. This resolver answers it with the TorchSharp already loaded.
/// </summary>
static class TorchSharpRedirect
{
    static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        var loaded = typeof(torch).Assembly;
        AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == loaded.GetName().Name ? loaded : null;
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => new AssemblyName(args.Name).Name == loaded.GetName().Name ? loaded : null;
    }
}
