using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using System.Net;
using System.Text;
using Markdig;

namespace FewShotLearn.Notebooks;

/// <summary>
/// Renders an executed notebook as one self-contained HTML page that works offline: markdown rendered,
/// code shown, outputs kept (HTML, images, text, errors), and plotly.js embedded once in the page head
/// (taken from the Plotly.NET assembly), so charts draw with no network.
/// </summary>
public static class NotebookHtml
{
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Writes the page atomically (temp file + rename).</summary>
    public static void Write(NotebookDocument notebook, string htmlPath)
    {
        AtomicFile.WriteAllText(htmlPath, Render(notebook));
    }

    /// <summary>The page as a string.</summary>
    public static string Render(NotebookDocument notebook)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>{WebUtility.HtmlEncode(notebook.Name)}</title>")
            .Append("<style>").Append(Style).Append("</style>")
            .Append("<script type=\"text/javascript\">").Append(PlotlyJs.Source.Value).Append("</script>")
            .Append("</head><body><main>\n");
        foreach (var cell in notebook.Cells)
        {
            if (cell.Kind == "markdown")
            {
                page.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                continue;
            }
            page.Append($"<section class=\"code\"><div class=\"n\">[{cell.Number}]</div><pre class=\"src\">{WebUtility.HtmlEncode(cell.Source)}</pre>");
            foreach (var output in cell.Outputs) page.Append("<div class=\"out\">").Append(RenderOutput(output)).Append("</div>");
            page.Append("</section>\n");
        }
        page.Append("</main></body></html>\n");
        return page.ToString();
    }

    static string RenderOutput(NotebookOutput output)
    {
        switch (output.Type)
        {
            case "error":
                return $"<pre class=\"err\">{WebUtility.HtmlEncode(output.ErrorText)}</pre>";
            case "stream":
                return $"<pre>{WebUtility.HtmlEncode(output.StreamText)}</pre>";
        }
        var data = output.Data;
        if (data.TryGetValue("text/html", out var html)) return html;
        foreach (var mime in new[] { "image/png", "image/jpeg", "image/gif" })
            if (data.TryGetValue(mime, out var b64)) return $"<img src=\"data:{mime};base64,{b64.Trim()}\">";
        if (data.TryGetValue("image/svg+xml", out var svg)) return svg;
        if (data.TryGetValue("text/markdown", out var md)) return Markdig.Markdown.ToHtml(md, Markdown);
        if (data.TryGetValue("text/plain", out var text)) return $"<pre>{WebUtility.HtmlEncode(text)}</pre>";
        return "";
    }

    const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#fafafa;color:#222}
        main{max-width:1100px;margin:0 auto;padding:1.5em}
        section{margin:0.8em 0}
        .code{background:#fff;border:1px solid #ddd;border-radius:6px;padding:0.4em 0.8em}
        .n{color:#888;font-size:0.8em}
        pre{white-space:pre-wrap;word-break:break-word;margin:0.3em 0}
        pre.src{background:#f3f5f8;padding:0.5em;border-radius:4px;font-size:0.9em}
        pre.err{color:#b00020;background:#fff0f0;padding:0.5em}
        .out{overflow-x:auto;margin-top:0.4em}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;font-size:0.9em}
        img{max-width:100%}
        """;
}

/// <summary>plotly.js as shipped inside Plotly.NET (used to make pages render offline).</summary>
public static class PlotlyJs
{
    /// <summary>The minified plotly.js source embedded in the Plotly.NET assembly.</summary>
    public static readonly Lazy<string> Source = new(() =>
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly"))
                   ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.js; cannot build an offline page.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    });

    /// <summary>The plotly.js version of the embedded file (e.g. 2.28.0).</summary>
    public static string Version =>
        System.Text.RegularExpressions.Regex.Match(
            typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceNames().FirstOrDefault(n => n.Contains("plotly-")) ?? "",
            @"plotly-(\d+\.\d+\.\d+)").Groups[1].Value;
}
