using System.Reflection;
using System.Runtime.Loader;

namespace FewShotLearn.Interactive;

/// <summary>
/// Plotly.NET 6 is compiled against FSharp.Core 10.1 while notebook hosts (VS Code's Polyglot kernel,
/// dotnet-repl, Jupyter's dotnet-interactive) ship FSharp.Core 10.0. The notebook output folder carries no
/// FSharp.Core of its own; this resolver answers any request for it with the copy the host already loaded.
/// </summary>
static class FSharpCoreRedirect
{
    static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == "FSharp.Core" ? Loaded("FSharp.Core") : null;
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            new AssemblyName(args.Name).Name == "FSharp.Core" ? Loaded("FSharp.Core") : null;
    }

    static Assembly? Loaded(string simpleName) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == simpleName)
        ?? TryLoadFromHost(simpleName);

    static Assembly? TryLoadFromHost(string simpleName)
    {
        var file = Path.Combine(AppContext.BaseDirectory, simpleName + ".dll");
        return File.Exists(file) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(file) : null;
    }
}
