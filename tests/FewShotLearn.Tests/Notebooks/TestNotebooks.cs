using System.Text.Json;
using System.Text.Json.Nodes;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>Writes small Polyglot C# notebooks for tests.</summary>
static class TestNotebooks
{
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
        File.WriteAllText(path, nb.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
