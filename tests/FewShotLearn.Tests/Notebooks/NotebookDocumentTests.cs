using System.Text.Json.Nodes;

namespace FewShotLearn.Tests.Notebooks;

public class NotebookDocumentTests
{
    static string Temp(string name)
    {
        var dir = Directory.CreateTempSubdirectory("fsl-nb-").FullName;
        return Path.Combine(dir, name);
    }

    [Fact]
    public void NormalizeGivesNbformat45WithStableUniqueIdsAndKeepsContent()
    {
        var path = Temp("n.ipynb");
        TestNotebooks.Write(path, ("md", "# title"), ("cs", "1 + 1"), ("cs", "1 + 1"));
        Assert.NotEmpty(NotebookDocument.FormatProblems(path));

        var doc = NotebookDocument.Load(path);
        Assert.Equal(3, doc.Normalize());
        doc.Save(path);

        Assert.Empty(NotebookDocument.FormatProblems(path));
        var again = NotebookDocument.Load(path);
        Assert.Equal(0, again.Normalize());
        Assert.Equal(File.ReadAllText(path), again.ToJson()); // normalizing twice changes nothing
        Assert.Equal(["markdown", "code", "code"], again.Cells.Select(c => c.Kind));
        Assert.Equal("1 + 1", again.Cells[2].Source);
        Assert.Equal(3, again.Cells.Select(c => c.Id).Distinct().Count());
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(".net-csharp", root["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Null(root["metadata"]!["kernelInfo"]);
    }

    [Fact]
    public void FormatProblemsNameTheCell()
    {
        var path = Temp("p.ipynb");
        TestNotebooks.Write(path, ("cs", "1"), ("cs", "2"));
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["nbformat_minor"] = 5;
        root["cells"]![0]!["id"] = "same";
        root["cells"]![1]!["id"] = "same";
        File.WriteAllText(path, root.ToJsonString());
        Assert.Equal(["cell 2 repeats the id 'same'"], NotebookDocument.FormatProblems(path));
    }

    [Fact]
    public void CollapseKeepsTheLastFrameOfEachLiveOutputWhereTheFirstStood()
    {
        var path = Temp("live.ipynb");
        TestNotebooks.Write(path, ("cs", "x"));
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        JsonObject Display(string html) => new() { ["output_type"] = "display_data", ["metadata"] = new JsonObject(), ["data"] = new JsonObject { ["text/html"] = html } };
        root["cells"]![0]!["outputs"] = new JsonArray(
            Display("<b>before</b>"),
            Display(LiveOutput.Frame("a", "a0")), Display(LiveOutput.Frame("b", "b0")),
            Display(LiveOutput.Frame("a", "a1")), Display("<b>between</b>"), Display(LiveOutput.Frame("a", "a2")), Display(LiveOutput.Frame("b", "b1")));
        File.WriteAllText(path, root.ToJsonString());

        var doc = NotebookDocument.Load(path);
        Assert.Equal(3, doc.CollapseLiveFrames());

        var kept = doc.Cells[0].Outputs.Select(o => o.Data["text/html"]).ToList();
        Assert.Equal(["<b>before</b>", LiveOutput.Frame("a", "a2"), LiveOutput.Frame("b", "b1"), "<b>between</b>"], kept);
    }

    [Fact]
    public void InvalidNotebookNamesTheFileAndTheProblem()
    {
        var path = Temp("bad.ipynb");
        File.WriteAllText(path, "{ \"cells\": [], \"nbformat\": 3 }");
        var e = Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(path));
        Assert.Contains("bad.ipynb", e.Message);
        Assert.Contains("nbformat 4", e.Message);
    }

    [Fact]
    public void NotebookHostGetsOneTorchThreadByDefaultAndTheCallersSettingWins()
    {
        var variable = FewShotLearn.Runtime.Native.TorchRuntime.ThreadsVariable;
        Assert.Equal("1", NotebookRunner.HostEnvironment(1, null)[variable]);
        Assert.Equal("1", NotebookRunner.HostEnvironment(1, " ")[variable]);
        Assert.Empty(NotebookRunner.HostEnvironment(1, "2"));     // the caller's FEWSHOT_THREADS is inherited as it is
        Assert.Empty(NotebookRunner.HostEnvironment(null, null)); // null: libtorch's own default
        Assert.Equal(1, new NotebookRunner().DefaultTorchThreads);
    }
}
