using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using System.Net;
using System.Text;

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

    /// <summary>Runs each notebook with <paramref name="runner"/> and writes index.html into <paramref name="outDirectory"/>.</summary>
    public static IReadOnlyList<NotebookRunResult> RunAll(NotebookRunner runner, IReadOnlyList<string> notebooks, string outDirectory)
    {
        var results = notebooks.Select(n => runner.Run(n, outDirectory)).ToList();
        WriteIndex(results, outDirectory);
        return results;
    }

    static void WriteIndex(IReadOnlyList<NotebookRunResult> results, string outDirectory)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>FewShotLearn course</title></head><body>")
            .Append("<h1>FewShotLearn course: executed notebooks</h1><table border=\"1\" cellpadding=\"4\"><tr><th>notebook</th><th>result</th><th>time (s)</th><th>files</th></tr>");
        foreach (var r in results)
        {
            var html = r.HtmlPage == null ? "" : $"<a href=\"{WebUtility.HtmlEncode(Path.GetFileName(r.HtmlPage))}\">HTML</a> ";
            sb.Append($"<tr><td>{WebUtility.HtmlEncode(r.Name)}</td><td>{(r.Succeeded ? "ok" : WebUtility.HtmlEncode(r.Failure!.ToString()))}</td>")
              .Append($"<td>{r.Elapsed.TotalSeconds:0.0}</td><td>{html}<a href=\"{WebUtility.HtmlEncode(Path.GetFileName(r.ExecutedNotebook))}\">ipynb</a></td></tr>");
        }
        sb.Append("</table></body></html>");
        File.WriteAllText(Path.Combine(outDirectory, "index.html"), sb.ToString());
    }
}
