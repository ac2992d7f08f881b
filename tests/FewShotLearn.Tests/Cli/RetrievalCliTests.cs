using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FewShotLearn.Tests.Cli;

public class RetrievalCliTests : CliTest
{

    [Fact]
    public void TrainIndexSearchEvaluateAndRefuseAForeignModel()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-cli").FullName;
        string P(string f) => Path.Combine(dir, f);
        var output = Succeeds("metric-train", "--data", "glyphs:train", "--steps", "3", "--channels", "8,8", "--out", P("a.fsm"), "--device", "cpu");
        Succeeds("metric-train", "--data", "glyphs:train", "--steps", "3", "--channels", "8,8", "--seed", "5", "--out", P("b.fsm"), "--device", "cpu");

        output = Succeeds("index", "--data", "glyphs:test", "--model", P("a.fsm"), "--out", P("db.fsi"), "--device", "cpu");
        Assert.Contains("400 images x 8 dims", output);

        output = Succeeds("search", "--index", P("db.fsi"), "--model", P("a.fsm"), "--query", "glyphs:test#3", "-k", "4", "--html", P("g.html"), "--device", "cpu");
        Assert.Contains("│ 1    │ #3 ", output); // the query image itself is in the database, at distance 0
        var html = File.ReadAllText(P("g.html"));
        Assert.Equal(5, html.Split("data:image/png;base64,").Length - 1);

        output = Succeeds("evaluate", "--index", P("db.fsi"), "--model", P("a.fsm"), "--queries", "glyphs:test", "-k", "5", "--device", "cpu");
        Assert.Contains("leave-one-out", output);
        Assert.Contains("mAP@R", output);

        output = Fails("search", "--index", P("db.fsi"), "--model", P("b.fsm"), "--query", "glyphs:test#3", "--device", "cpu");
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
        Succeeds("metric-train", "--data", "glyphs:train", "--steps", "2", "--channels", "4", "--out", model, "--device", "cpu");
        var output = Succeeds("index", "--data", Path.Combine(dir, "db"), "--model", model, "--out", Path.Combine(dir, "f.fsi"), "--image-size", "16", "--device", "cpu");
        Assert.Contains("6 images", output);
        var query = Path.Combine(dir, "db", "light", "1.png");
        output = Succeeds("search", "--index", Path.Combine(dir, "f.fsi"), "--model", model, "--query", query, "-k", "2", "--html", Path.Combine(dir, "g.html"), "--device", "cpu");
        Assert.Contains("1.png", output);
        Assert.Contains("light", output);
        Assert.Contains("0.0000", output); // the query file is in the database: rank 1 at distance 0
    }

    [Fact]
    public void UnknownDataAndMissingFilesAreClearErrors()
    {
        var output = Fails("metric-train", "--data", "no-such-data", "--steps", "1", "--out", Path.Combine(Path.GetTempPath(), "x.fsm"), "--device", "cpu");
        Assert.Contains("neither a folder nor a known data set", output);
        output = Fails("search", "--index", "/nonexistent/i.fsi", "--model", "/nonexistent/m.fsm", "--query", "q.png", "--device", "cpu");
        Assert.Contains("/nonexistent/m.fsm", output);
    }

    static string P1(string output) => output.Split('\n').First(l => l.Contains("precision@1")).Trim();

    [Fact]
    public void Leave_one_out_follows_the_data_not_its_spelling_and_changed_files_make_the_index_stale()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-loo").FullName;
        string P(string f) => Path.Combine(dir, f);
        Succeeds("metric-train", "--data", "glyphs:train", "--steps", "2", "--channels", "4", "--out", P("m.fsm"), "--device", "cpu");
        var output = Succeeds("index", "--data", "glyphs-novel:test", "--model", P("m.fsm"), "--out", P("novel.fsi"), "--device", "cpu");
        var results = new List<string>();
        foreach (var spelling in new[] { "glyphs-novel:test", "glyphs-novel", "GLYPHS-NOVEL:test" })
        {
            output = Succeeds("evaluate", "--index", P("novel.fsi"), "--model", P("m.fsm"), "--queries", spelling, "--device", "cpu");
            Assert.Contains("leave-one-out", output);
            results.Add(P1(output));
        }
        Assert.Single(results.Distinct());
        output = Succeeds("evaluate", "--index", P("novel.fsi"), "--model", P("m.fsm"), "--queries", "glyphs-novel:train", "--device", "cpu");
        Assert.DoesNotContain("leave-one-out", output);

        // A folder, indexed without and queried with a trailing slash.
        foreach (var (cls, value) in new[] { ("dark", (byte)30), ("light", (byte)220) })
        {
            Directory.CreateDirectory(P(Path.Combine("db", cls)));
            for (var i = 0; i < 3; i++)
            {
                using var img = new Image<L8>(12, 12, new L8((byte)(value + 5 * i)));
                img[i, 2 * i] = new L8(128);
                img.SaveAsPng(P(Path.Combine("db", cls, $"{i}.png")));
            }
        }
        output = Succeeds("index", "--data", P("db"), "--model", P("m.fsm"), "--out", P("f.fsi"), "--image-size", "12", "--device", "cpu");
        output = Succeeds("evaluate", "--index", P("f.fsi"), "--model", P("m.fsm"), "--queries", P("db") + "/", "-k", "1", "--device", "cpu");
        Assert.Contains("leave-one-out", output);

        // Replace one picture: search and evaluate refuse the stale index, naming the file and the fix.
        using (var changed = new Image<L8>(12, 12, new L8(0))) changed.SaveAsPng(P(Path.Combine("db", "light", "2.png")));
        var (searchCode, _, stderr) = Run("search", "--index", P("f.fsi"), "--model", P("m.fsm"), "--query", P(Path.Combine("db", "dark", "0.png")), "--device", "cpu");
        Assert.Equal(1, searchCode);
        Assert.Contains("stale", stderr);
        Assert.Contains("2.png", stderr);
        Fails("evaluate", "--index", P("f.fsi"), "--model", P("m.fsm"), "--queries", P("db"), "--device", "cpu");
    }

    [Fact]
    public void A_model_with_NaN_weights_cannot_build_an_index()
    {
        var dir = Directory.CreateTempSubdirectory("fsl-nan").FullName;
        var path = Path.Combine(dir, "nan.fsm");
        using (var net = new FewShotLearn.Models.EmbeddingNet(1, [4], TorchSharp.torch.CPU))
        {
            using (TorchSharp.torch.no_grad()) net.parameters().First().fill_(float.NaN);
            net.Save(path);
        }
        var output = Fails("index", "--data", "glyphs:test", "--model", path, "--out", Path.Combine(dir, "i.fsi"), "--device", "cpu");
        Assert.Contains("NaN", output);
        Assert.False(File.Exists(Path.Combine(dir, "i.fsi")));
    }

    [Theory]
    [InlineData("search", "--sizes", "100")]
    [InlineData("cnn", "--datasets", "mnist")]
    [InlineData("fewshot", "--tasks", "2")]
    [InlineData("sweep", "--validation-tasks", "2")]
    public void Every_benchmark_on_an_absent_CUDA_says_so_measures_nothing_and_exits_0(string benchmark, string option, string value)
    {
        if (FewShotLearn.Runtime.Devices.CudaAvailable) return;   // this check is about machines without CUDA
        var output = Succeeds("benchmark", benchmark, option, value, "--device", "cuda:0");
        Assert.Contains($"benchmark {benchmark}: CUDA is absent", output);
        Assert.Contains("--device cpu", output);
        Assert.DoesNotContain("queries/s", output);   // nothing was measured
        Assert.DoesNotContain("test accuracy", output);
        // Other commands still refuse a device that is not there (exit 1), naming it.
        Assert.Contains("CUDA is not available", Fails("index", "--data", "glyphs:test", "--model", "none.fsm", "--out", "x.fsi", "--device", "cuda"));
        // A malformed CUDA name is not "absent CUDA": every command refuses it as an unknown device.
        Assert.Contains("Unknown device 'cuda:x'", Fails("benchmark", benchmark, option, value, "--device", "cuda:x"));
        Assert.Contains("Unknown device 'cuda:99'", Fails("benchmark", benchmark, option, value, "--device", "cuda:99"));
    }

    [Fact]
    public void The_search_benchmark_prints_each_figure_next_to_its_GEMM_floor_and_checks_the_naive_reference()
    {
        var output = Succeeds("benchmark", "search", "--sizes", "5000", "--queries", "200", "--repeats", "1", "--large-gib", "0", "--device", "cpu");
        Assert.Contains("database     5,000 x 64: 200 queries", output);
        Assert.Matches(@"GEMM \d+\.\d{3} s \(\d+\.\d GFLOP/s", output);
        Assert.Matches(@"search at \d+ % of GEMM", output);
        Assert.Contains("16/16 queries identical", output);
        // Where the search splits its batches over one thread per core, the floor is the faster of both threadings.
        Assert.Equal(FewShotLearn.Retrieval.RetrievalIndex.RowWorkers(200) > 1, output.Contains("one thread per core"));
    }

    [Fact]
    public void A_large_index_folder_that_cannot_be_made_is_refused_before_anything_is_measured()
    {
        var file = Path.GetTempFileName();   // a folder below a file cannot be created on any system
        try
        {
            var bad = Path.Combine(file, "large");
            var output = Fails("benchmark", "search", "--sizes", "100", "--large-gib", "0.001", "--large-dir", bad, "--device", "cpu");
            Assert.Contains($"--large-dir '{bad}' cannot be created", output);
            Assert.Contains("--large-gib 0", output);
            Assert.DoesNotContain("queries/s", output);
        }
        finally { File.Delete(file); }
    }
}
