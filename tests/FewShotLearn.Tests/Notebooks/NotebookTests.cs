namespace FewShotLearn.Tests.Notebooks;

/// <summary>Runs every notebook of the repository headless in the real host (dotnet-repl), one test each, and the runner's own behaviour.</summary>
[Collection(NotebookCollection.Name)]
public class NotebookTests
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");

    /// <summary>The notebooks run at the documented reduced scale (they print it); `fewshot course` runs the full defaults.</summary>
    static NotebookTests() => Environment.SetEnvironmentVariable(NotebookScales.Variable, "test");

    [Theory]
    [MemberData(nameof(TestNotebooks.InRepository), MemberType = typeof(TestNotebooks))]
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
        // Live charts are redrawn in place while they run; the saved notebook keeps one (final) frame of each.
        foreach (var (cell, id, frames, _) in TestNotebooks.LiveFrames(executed))
            Assert.True(frames == 1, $"{notebook}: cell {cell} keeps {frames} frames of live chart {id}");
        // Results are tables with headers and rounded numbers, never raw `Name { A = 1, ... }` record dumps (Table.Of, Notebook.Setup's formatter).
        var dumps = RawDump.In(executed).ToList();
        Assert.True(dumps.Count == 0, $"{notebook}: raw record dumps in outputs:{Environment.NewLine}{string.Join(Environment.NewLine, dumps)}");
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
    public void FailedRerunKeepsThePreviousOutputsAndTheIndexMarksIt()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "tmp-notebooks", "rerun")).FullName;
        var outDir = Path.Combine(dir, "out");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
        var path = Path.Combine(dir, "lesson.ipynb");
        var runner = new NotebookRunner { Build = false };

        TestNotebooks.Write(path, ("md", "# lesson"), ("cs", "\"first run: \" + (6 * 7)"));
        var first = NotebookCourse.RunAll(runner, [path], outDir).Single();
        Assert.True(first.Succeeded, first.ToString());
        var goodNotebook = File.ReadAllText(first.ExecutedNotebook);
        var goodHtml = File.ReadAllText(first.HtmlPage!);
        Assert.Contains("first run: 42", goodHtml);

        TestNotebooks.Write(path, ("md", "# lesson"), ("cs", "throw new InvalidOperationException(\"second run breaks\");"));
        var second = NotebookCourse.RunAll(runner, [path], outDir).Single();

        Assert.False(second.Succeeded);
        Assert.Equal(goodNotebook, File.ReadAllText(Path.Combine(outDir, "lesson.ipynb")));
        Assert.Equal(goodHtml, File.ReadAllText(Path.Combine(outDir, "lesson.html")));
        Assert.Equal(Path.Combine(outDir, "lesson.html"), second.PreviousHtml);
        Assert.Contains("second run breaks", File.ReadAllText(Path.Combine(outDir, "lesson.failed.html")));
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("FAILED", index);
        Assert.Contains("second run breaks", index);
        Assert.Contains("href=\"lesson.html\">HTML of the last successful run", index);
        Assert.Contains("href=\"lesson.failed.html\"", index);
        Assert.False(File.Exists(Path.Combine(outDir, ".lesson.running.ipynb")));

        // A later successful run replaces the pages and clears the failure.
        TestNotebooks.Write(path, ("md", "# lesson"), ("cs", "\"third run: \" + (6 * 7)"));
        var third = NotebookCourse.RunAll(runner, [path], outDir).Single();
        Assert.True(third.Succeeded, third.ToString());
        Assert.Contains("third run: 42", File.ReadAllText(Path.Combine(outDir, "lesson.html")));
        Assert.False(File.Exists(Path.Combine(outDir, "lesson.failed.html")));
        Assert.DoesNotContain("FAILED", File.ReadAllText(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public void LiveChartKeepsOneFinalFrameInTheSavedNotebook()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "tmp-notebooks", "live")).FullName;
        var path = Path.Combine(dir, "live.ipynb");
        TestNotebooks.Write(path, ("cs", TestNotebooks.SetupCell), ("cs", TestNotebooks.LiveChartCell));

        var result = new NotebookRunner { Build = false }.Run(path, Path.Combine(dir, "out"));

        Assert.True(result.Succeeded, result.ToString());
        var frames = TestNotebooks.LiveFrames(NotebookDocument.Load(result.ExecutedNotebook)).ToList();
        var (_, _, count, html) = Assert.Single(frames);
        Assert.Equal(1, count);
        Assert.Contains("live chart: step 4 of 4", html);
        var page = File.ReadAllText(result.HtmlPage!);
        Assert.Single(page.Split("Plotly.newPlot").Skip(1));
    }

    [Fact]
    public void HtmlPagesShareOnePlotlyCopyLinkTheIndexAndDrawTheChartOffline()
    {
        var outDir = Path.Combine(Repo, "artifacts", "notebook-tests-html");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
        var result = new NotebookRunner { Build = false }.Run(Path.Combine(Repo, "notebooks", "00-getting-started.ipynb"), outDir);
        Assert.True(result.Succeeded, result.ToString());
        var html = File.ReadAllText(result.HtmlPage!);
        Assert.Contains($"<script type=\"text/javascript\" src=\"{PlotlyJs.FileName}\"></script>", html);
        Assert.DoesNotContain(PlotlyJs.Source.Value[..200], html);
        Assert.Equal(PlotlyJs.Source.Value, File.ReadAllText(Path.Combine(outDir, PlotlyJs.FileName)));
        Assert.Contains("href=\"index.html\"", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.True(new FileInfo(result.HtmlPage!).Length < 1_000_000, $"page is {new FileInfo(result.HtmlPage!).Length} bytes");

        if (HeadlessChromium.Find() is not { } chromium) return;
        var dom = HeadlessChromium.Dom(chromium, result.HtmlPage!);
        Assert.Contains("main-svg", dom); // plotly drew an SVG chart with no network
    }

    [Fact]
    public void KernelEditorRecomputesTheImageInTheOfflineHtmlWhenANumberChanges()
    {
        if (HeadlessChromium.Find() is not { } chromium) return;
        var dir = Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "tmp-notebooks")).FullName;
        var path = Path.Combine(dir, "kernel-editor.ipynb");
        TestNotebooks.Write(path, ("md", "# kernel editor"),
            ("cs", TestNotebooks.SetupCell),
            ("cs", "using FewShotLearn.Vision;\nusing FewShotLearn.Vision.Widgets;\n" +
                   $"KernelEditor.Create(ImageIO.Load(\"{Path.Combine(Repo, "data", "samples", "camera.png")}\", ColorMode.Gray, width: 64), Kernels.Identity)"));
        var result = new NotebookRunner { Build = false }.Run(path, Path.Combine(dir, "kernel-editor-out"));
        Assert.True(result.Succeeded, result.ToString());
        var html = File.ReadAllText(result.HtmlPage!);
        Assert.Contains("fsl-kernel-editor", html);

        // In the exported page, as a reader would: change the centre weight, let the page react, compare the pixels.
        const string probe = """
            <script>window.addEventListener('load',function(){
              function hash(c){var d=c.getContext('2d').getImageData(0,0,c.width,c.height).data,h=0;for(var i=0;i<d.length;i++)h=(h*31+d[i])|0;return h;}
              var root=document.querySelector('.fsl-kernel-editor'),out=root.querySelector('.fsl-kernel-output'),inp=root.querySelector('.fsl-kernel-input');
              var before=hash(out),same=before===hash(inp),cell=root.querySelector('.fsl-kernel-cell[data-row="1"][data-col="1"]');
              cell.value='-1';cell.dispatchEvent(new Event('input',{bubbles:true}));
              var after=hash(out);
              document.body.setAttribute('data-probe',(same?'identity-matches-input':'identity-differs')+' '+(after!==before?'changed':'unchanged')+' updates='+root.dataset.updates);
            });</script>
            """;
        var probed = Path.Combine(dir, "kernel-editor-probe.html");
        File.WriteAllText(probed, html.Replace("</body>", probe + "</body>", StringComparison.OrdinalIgnoreCase));
        var dom = HeadlessChromium.Dom(chromium, probed);
        Assert.Contains("data-probe=\"identity-matches-input changed updates=2\"", dom);
    }

    [Fact]
    public void ChartlessPageLoadsNoPlotly()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Repo, "artifacts", "tmp-notebooks", "chartless")).FullName;
        var path = Path.Combine(dir, "text.ipynb");
        TestNotebooks.Write(path, ("md", "# text only"), ("cs", "1 + 1"));
        var page = Path.Combine(dir, "out", "text.html");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        NotebookHtml.Write(NotebookDocument.Load(path), page);
        var html = File.ReadAllText(page);
        Assert.DoesNotContain("plotly", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(dir, "out", PlotlyJs.FileName)));
        Assert.True(html.Length < 10_000);
        Assert.Contains("href=\"index.html\"", html);
    }
}

/// <summary>Notebook runs are heavy (each starts a kernel): they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = false)]
public class NotebookCollection
{
    public const string Name = "notebooks";
}
