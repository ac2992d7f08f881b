using System.Net;
using System.Text.Json;

namespace FewShotLearn.Notebooks;

/// <summary>Runs a set of notebooks in order and writes an index page linking every executed notebook and its HTML page.</summary>
public static class NotebookCourse
{
    /// <summary>Expands paths (files or folders; none = the repository's notebooks/ folder) into notebook files in name order.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        if (list.Count == 0)
        {
            var repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException(
                "No notebooks given and no FewShotLearn repository found above the current folder; pass notebook paths or run inside the repository.");
            list.Add(Path.Combine(repo, "notebooks"));
        }
        var files = new List<string>();
        foreach (var p in list)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(p)) files.Add(p);
            else throw new FileNotFoundException($"Notebook or folder '{p}' does not exist.", p);
        }
        if (files.Count == 0) throw new InvalidOperationException($"No .ipynb notebooks found in {string.Join(", ", list)}.");
        return files.Select(Path.GetFullPath).ToList();
    }

    /// <summary>
    /// Runs each notebook with <paramref name="runner"/> and writes index.html into <paramref name="outDirectory"/>. The
    /// index lists every notebook ever run into that folder (the state is kept in runs.json): its last result, its
    /// page, and for a failed run the page of the last successful one, marked as such.
    /// </summary>
    public static IReadOnlyList<NotebookRunResult> RunAll(NotebookRunner runner, IReadOnlyList<string> notebooks, string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        var state = LoadState(outDirectory);
        var results = new List<NotebookRunResult>();
        foreach (var n in notebooks)
        {
            var r = runner.Run(n, outDirectory);
            results.Add(r);
            state[r.Name] = IndexEntry.Of(r, outDirectory);
            SaveState(outDirectory, state); // after each notebook, so an interrupted course still has a true index
        }
        return results;
    }

    const string StateFile = "runs.json";

    static SortedDictionary<string, IndexEntry> LoadState(string outDirectory)
    {
        var path = Path.Combine(outDirectory, StateFile);
        var state = new SortedDictionary<string, IndexEntry>(StringComparer.Ordinal);
        if (!File.Exists(path)) return state;
        try
        {
            foreach (var e in JsonSerializer.Deserialize<List<IndexEntry>>(File.ReadAllText(path)) ?? []) state[e.Name] = e;
        }
        catch (JsonException) { } // an unreadable state only loses the history of earlier runs
        return state;
    }

    static void SaveState(string outDirectory, SortedDictionary<string, IndexEntry> state)
    {
        AtomicFile.WriteAllText(Path.Combine(outDirectory, StateFile),
            JsonSerializer.Serialize(state.Values.ToList(), new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, "index.html"), IndexHtml(state.Values));
    }

    static string Link(string? file, string text) =>
        file == null ? "" : $"<a href=\"{WebUtility.HtmlEncode(Uri.EscapeDataString(file))}\">{WebUtility.HtmlEncode(text)}</a> ";

    static string IndexHtml(IEnumerable<IndexEntry> entries)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>FewShotLearn course</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:1.5em}td,th{border:1px solid #ddd;padding:4px 8px}table{border-collapse:collapse}.failed{color:#b00020;font-weight:bold}</style></head><body>")
            .Append("<h1>FewShotLearn course: executed notebooks</h1><table><tr><th>notebook</th><th>last run (UTC)</th><th>result</th><th>time (s)</th><th>files</th></tr>");
        foreach (var e in entries)
        {
            var result = e.Succeeded ? "ok" : $"<span class=\"failed\">FAILED</span> at {WebUtility.HtmlEncode(e.Failure ?? "")}";
            var files = e.Succeeded
                ? Link(e.Html, "HTML") + Link(e.Notebook, "ipynb")
                : Link(e.Html, "HTML of the failed run") + Link(e.Notebook, "ipynb of the failed run")
                  + (e.PreviousHtml != null ? "<br>" + Link(e.PreviousHtml, "HTML of the last successful run") + "(older; not this run)" : "");
            sb.Append($"<tr{(e.Succeeded ? "" : " class=\"failed-row\"")}><td>{WebUtility.HtmlEncode(e.Name)}</td><td>{e.Finished:yyyy-MM-dd HH:mm}</td><td>{result}</td>")
              .Append($"<td>{e.Seconds:0.0}</td><td>{files}</td></tr>");
        }
        sb.Append("</table></body></html>\n");
        return sb.ToString();
    }
}

/// <summary>One row of a course index: a notebook's last run (file names relative to the output folder).</summary>
public sealed record IndexEntry(string Name, bool Succeeded, string? Failure, double Seconds, DateTime Finished, string? Html, string? Notebook, string? PreviousHtml)
{
    internal static IndexEntry Of(NotebookRunResult r, string outDirectory)
    {
        string? Relative(string? path) => path != null && File.Exists(path) ? Path.GetRelativePath(outDirectory, path) : null;
        return new IndexEntry(r.Name, r.Succeeded, r.Failure?.ToString(), r.Elapsed.TotalSeconds, r.Finished,
            Relative(r.HtmlPage), Relative(r.ExecutedNotebook), Relative(r.PreviousHtml));
    }
}
