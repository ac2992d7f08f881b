using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using static FewShotLearn.Tests.Cli.CliRunner;

namespace FewShotLearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class RetrievalCliTests
{

    [Fact]
    public void TrainIndexSearchEvaluateAndRefuseAForeignModel()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-cli").FullName;
        string P(string f) => Path.Combine(dir, f);
        var (code, output) = Invoke("metric-train", "--data", "glyphs:train", "--steps", "3", "--channels", "8,8", "--out", P("a.fsm"), "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Equal(0, Invoke("metric-train", "--data", "glyphs:train", "--steps", "3", "--channels", "8,8", "--seed", "5", "--out", P("b.fsm"), "--device", "cpu").Code);

        (code, output) = Invoke("index", "--data", "glyphs:test", "--model", P("a.fsm"), "--out", P("db.fsi"), "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("400 images x 8 dims", output);

        (code, output) = Invoke("search", "--index", P("db.fsi"), "--model", P("a.fsm"), "--query", "glyphs:test#3", "-k", "4", "--html", P("g.html"), "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("│ 1    │ #3 ", output); // the query image itself is in the database, at distance 0
        var html = File.ReadAllText(P("g.html"));
        Assert.Equal(5, html.Split("data:image/png;base64,").Length - 1);

        (code, output) = Invoke("evaluate", "--index", P("db.fsi"), "--model", P("a.fsm"), "--queries", "glyphs:test", "-k", "5", "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("leave-one-out", output);
        Assert.Contains("mAP@R", output);

        (code, output) = Invoke("search", "--index", P("db.fsi"), "--model", P("b.fsm"), "--query", "glyphs:test#3", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("fewshot index", output);
    }

    [Fact]
    public void FolderOfImageFilesIsIndexedWithPathsAndSearchedByFile()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-folder").FullName;
        foreach (var (cls, value) in new[] { ("dark", (byte)20), ("light", (byte)230) })
        {
            Directory.CreateDirectory(Path.Combine(dir, "db", cls));
            for (var i = 0; i < 3; i++)
            {
                using var img = new Image<Rgb24>(16, 16, new Rgb24(value, (byte)(value + i), value));
                img[i, i] = new Rgb24(128, 128, 128);
                img.SaveAsPng(Path.Combine(dir, "db", cls, $"{i}.png"));
            }
        }
        var model = Path.Combine(dir, "m.fsm");
        Assert.Equal(0, Invoke("metric-train", "--data", "glyphs:train", "--steps", "2", "--channels", "4", "--out", model, "--device", "cpu").Code);
        var (code, output) = Invoke("index", "--data", Path.Combine(dir, "db"), "--model", model, "--out", Path.Combine(dir, "f.fsi"), "--image-size", "16", "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("6 images", output);
        var query = Path.Combine(dir, "db", "light", "1.png");
        (code, output) = Invoke("search", "--index", Path.Combine(dir, "f.fsi"), "--model", model, "--query", query, "-k", "2", "--html", Path.Combine(dir, "g.html"), "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("1.png", output);
        Assert.Contains("light", output);
        Assert.Contains("0.0000", output); // the query file is in the database: rank 1 at distance 0
    }

    [Fact]
    public void UnknownDataAndMissingFilesAreClearErrors()
    {
        var (code, output) = Invoke("metric-train", "--data", "no-such-data", "--steps", "1", "--out", Path.Combine(Path.GetTempPath(), "x.fsm"), "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("neither a folder nor a known data set", output);
        (code, output) = Invoke("search", "--index", "/nonexistent/i.fsi", "--model", "/nonexistent/m.fsm", "--query", "q.png", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/m.fsm", output);
    }
}
