using System.Net;
using Markdig;

namespace FewShotLearn.Notebooks;

/// <summary>
/// Renders an executed notebook as an HTML page that works offline: markdown rendered, code shown, outputs kept
/// (HTML, images, text, errors) and a link back to the folder's index.html. A page with a chart loads plotly.js
/// (taken from the Plotly.NET assembly) from one copy written beside it, shared by every page of the folder; a page
/// without a chart loads none.
/// </summary>
public static class NotebookHtml
{
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Writes the page atomically (temp file + rename), and plotly.js beside it when the page has a chart.</summary>
    public static void Write(NotebookDocument notebook, string htmlPath)
    {
        var html = Render(notebook);
        if (HasChart(html)) PlotlyJs.WriteBeside(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!);
        AtomicFile.WriteAllText(htmlPath, html);
    }

    /// <summary>True when the page draws a Plotly chart.</summary>
    public static bool HasChart(string html) => html.Contains("Plotly.newPlot", StringComparison.Ordinal);

    /// <summary>The page as a string; it references plotly.js as <see cref="PlotlyJs.FileName"/> in its own folder when it has a chart.</summary>
    public static string Render(NotebookDocument notebook)
    {
        var body = new StringBuilder();
        foreach (var cell in notebook.Cells)
        {
            if (cell.Kind == "markdown")
            {
                body.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                continue;
            }
            body.Append($"<section class=\"code\"><div class=\"n\">[{cell.Number}]</div><pre class=\"src\">{WebUtility.HtmlEncode(cell.Source)}</pre>");
            foreach (var output in cell.Outputs)
            {
                var html = RenderOutput(output);
                if (html.Contains(ChartFragment.EmbedAttribute, StringComparison.Ordinal)) continue; // the page loads its own copy
                body.Append("<div class=\"out\">").Append(html).Append("</div>");
            }
            body.Append("</section>\n");
        }
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>{WebUtility.HtmlEncode(notebook.Name)}</title>")
            .Append("<style>").Append(Style).Append("</style>");
        if (HasChart(body.ToString())) page.Append($"<script type=\"text/javascript\" src=\"{PlotlyJs.FileName}\"></script>");
        page.Append("</head><body><nav><a href=\"index.html\">&larr; course index</a></nav><main>\n").Append(body);
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
        nav{max-width:1100px;margin:0 auto;padding:0.8em 1.5em 0}
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
