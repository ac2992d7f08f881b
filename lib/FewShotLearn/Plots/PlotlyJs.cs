using System.Text.RegularExpressions;

namespace FewShotLearn.Plots;

/// <summary>plotly.js as shipped inside Plotly.NET: the one copy pages and notebooks draw charts with, offline.</summary>
public static class PlotlyJs
{
    /// <summary>The minified plotly.js source embedded in the Plotly.NET assembly.</summary>
    public static readonly Lazy<string> Source = new(() =>
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = ResourceName ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.js; cannot build an offline page.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    static string? ResourceName => typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceNames()
        .FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly"));

    /// <summary>The plotly.js version of the embedded file (e.g. 2.28.0).</summary>
    public static string Version => Regex.Match(ResourceName ?? "", @"plotly-(\d+\.\d+\.\d+)").Groups[1].Value;

    /// <summary>The file name pages reference plotly.js by when it lies beside them (plotly-VERSION.min.js).</summary>
    public static string FileName => $"plotly-{Version}.min.js";

    /// <summary>The address plotly.js is loaded from when a notebook output has no copy yet (VS Code with network).</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/{FileName}";

    /// <summary>Writes plotly.js into <paramref name="directory"/> unless an identical copy is there; returns its path.</summary>
    public static string WriteBeside(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path) || new FileInfo(path).Length != System.Text.Encoding.UTF8.GetByteCount(Source.Value))
            Runtime.AtomicFile.WriteAllText(path, Source.Value);
        return path;
    }
}
