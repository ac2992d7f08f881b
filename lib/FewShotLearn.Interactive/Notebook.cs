using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace FewShotLearn.Interactive;

/// <summary>The one call in the first cell of every notebook: loads libtorch, registers formatters, reports the device.</summary>
public static class Notebook
{
    /// <summary>
    /// Prepares the notebook session; returns a one-line summary (versions and device) to display. In Jupyter it also
    /// shows plotly.js once (inline, about 3.6 MB) so the notebook's charts draw offline in the Notebook and in
    /// <c>jupyter nbconvert --to html</c>, as plotly.py's offline mode does; other hosts load it differently
    /// (see <see cref="ChartFragment"/>).
    /// </summary>
    public static string Setup(int seed = Seeding.DefaultSeed)
    {
        FSharpCoreRedirect.Install();
        TorchRuntime.Initialize();
        Formatters.Register();
        Seeding.Seed(seed);
        if (IsJupyter && KernelInvocationContext.Current is { } context)
            context.Display(new Plots.HtmlView(ChartFragment.PlotlyEmbed()), HtmlFormatter.MimeType);
        return $"FewShotLearn ready: TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, device {Devices.Default}, seed {seed}";
    }

    /// <summary>True when the kernel is .NET Interactive started by Jupyter (<c>dotnet interactive jupyter ...</c>).</summary>
    public static bool IsJupyter
    {
        get
        {
            var args = Environment.GetCommandLineArgs();
            return args.Length > 1 && args[1] == "jupyter"
                   && Path.GetFileName(args[0]) is "Microsoft.DotNet.Interactive.App.dll" or "dotnet-interactive";
        }
    }
}
