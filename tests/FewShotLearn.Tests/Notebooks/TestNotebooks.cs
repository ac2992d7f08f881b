using System.Text.Json;
using System.Text.Json.Nodes;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>Writes small Polyglot C# notebooks for tests.</summary>
static class TestNotebooks
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");

    /// <summary>The setup cell with an absolute #r, for notebooks written outside notebooks/.</summary>
    /// <summary>The file names of the repository's notebooks, in order: the data of every per-notebook theory.</summary>
    public static TheoryData<string> InRepository()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    public static string SetupCell =>
        $"#r \"{Path.Combine(Repo, "artifacts", "notebook", "FewShotLearn.Interactive.dll")}\"\nFewShotLearn.Interactive.Notebook.Setup()";

    /// <summary>A cell showing a live chart (the display the training and MAML live charts use) redrawn four times.</summary>
    public const string LiveChartCell = """
        using FewShotLearn.Plots;
        var live = new FewShotLearn.Interactive.LiveDisplay(0);
        var xs = new List<double>(); var ys = new List<double>();
        live.Show(Charts.Lines("live chart", "step", "loss", ("loss", xs.ToArray(), ys.ToArray())));
        for (int i = 1; i <= 4; i++) { xs.Add(i); ys.Add(1.0 / i); live.Update(() => Charts.Lines($"live chart: step {i} of 4", "step", "loss", ("loss", xs.ToArray(), ys.ToArray())), force: true); }
        live.Updates
        """;

    /// <summary>A cell listing the TCP sockets the kernel process listens on (hex address:port from /proc/net/tcp and tcp6).</summary>
    public const string ListeningSocketsCell = """
        using System.IO;
        var inodes = new DirectoryInfo("/proc/self/fd").GetFileSystemInfos().Select(f => f.LinkTarget ?? "")
            .Where(t => t.StartsWith("socket:[")).Select(t => t[8..^1]).ToHashSet();
        var listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(f => File.ReadLines(f).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p[3] == "0A" && inodes.Contains(p[9])).Select(p => p[1]).ToList();
        "LISTEN " + string.Join(" ", listening)
        """;

    public static void Write(string path, params (string Kind, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (kind, source) in cells)
        {
            var cell = new JsonObject { ["cell_type"] = kind == "md" ? "markdown" : "code", ["metadata"] = new JsonObject(), ["source"] = source };
            if (kind != "md")
            {
                cell["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
            array.Add(cell);
        }
        var nb = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, nb.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The live frames of each cell: how many outputs carry each live marker.</summary>
    public static IEnumerable<(int Cell, string Id, int Frames, string Html)> LiveFrames(FewShotLearn.Notebooks.NotebookDocument executed) =>
        from cell in executed.Cells
        from o in cell.Outputs
        let html = o.Data.GetValueOrDefault("text/html") ?? ""
        let id = FewShotLearn.Notebooks.LiveOutput.IdOf(html)
        where id != null
        group html by (cell.Number, id) into g
        select (g.Key.Number, g.Key.id!, g.Count(), g.Last());
}
