using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using System.Diagnostics;
using FewShotLearn.Notebooks;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>Runs every notebook of the repository headless in the real host (dotnet-repl), one test each.</summary>
[Collection(NotebookCollection.Name)]
public class NotebookTests
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookRunsWithoutErrors(string notebook)
    {
        var outDir = Path.Combine(Repo, "artifacts", "notebook-tests");
        var result = new NotebookRunner { Build = false, Timeout = TimeSpan.FromMinutes(8) }
            .Run(Path.Combine(Repo, "notebooks", notebook), outDir);
        Assert.True(result.Succeeded, $"{notebook} failed at {result.Failure}");
        Assert.True(File.Exists(result.ExecutedNotebook));
        var executed = NotebookDocument.Load(result.ExecutedNotebook);
        // The notebook shows what it computes: most of its code cells display something (set-up and clean-up cells may not).
        var code = executed.Cells.Where(c => c.Kind == "code").ToList();
        Assert.True(code.Count(c => c.Outputs.Count > 0) * 2 >= code.Count, $"{notebook}: most code cells display nothing");
    }

    [Fact]
    public void FailingCellIsReportedWithItsNumberAndError()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "tmp-notebooks")).FullName;
        var path = Path.Combine(dir, "broken.ipynb");
        TestNotebooks.Write(path, ("md", "# broken"), ("cs", "1 + 1"), ("cs", "throw new InvalidOperationException(\"deliberate failure\");"), ("cs", "2 + 2"));

        var result = new NotebookRunner { Build = false }.Run(path, Path.Combine(dir, "out"));

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Failure!.Cell);
        Assert.Contains("deliberate failure", result.Failure.Message);
        Assert.Contains("broken: FAILED at cell 3", result.ToString());
    }

    [Fact]
    public void HtmlPageEmbedsPlotlyAndDrawsTheChartOffline()
    {
        var outDir = Path.Combine(Repo, "artifacts", "notebook-tests-html");
        var result = new NotebookRunner { Build = false }.Run(Path.Combine(Repo, "notebooks", "00-getting-started.ipynb"), outDir);
        Assert.True(result.Succeeded, result.ToString());
        var html = File.ReadAllText(result.HtmlPage!);
        Assert.Contains(PlotlyJs.Source.Value[..200], html);
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("Plotly.newPlot", html);

        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium == null)
        {
            Assert.True(Environment.GetEnvironmentVariable("FEWSHOT_REQUIRE_BROWSER") != "1", "FEWSHOT_REQUIRE_BROWSER=1 but no Chromium is installed (apt-get install chromium)");
            return;
        }
        var dom = HeadlessDom(chromium, result.HtmlPage!);
        Assert.Contains("main-svg", dom); // plotly drew an SVG chart with no network
    }

    static string HeadlessDom(string chromium, string page)
    {
        var profile = Directory.CreateTempSubdirectory("fsl-chrome-").FullName;
        var info = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) p.Kill(true);
        try { Directory.Delete(profile, true); } catch (IOException) { }
        return stdout.Result;
    }
}

/// <summary>Notebook runs are heavy (each starts a kernel): they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = false)]
public class NotebookCollection
{
    public const string Name = "notebooks";
}
