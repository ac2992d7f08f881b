using System.Text.RegularExpressions;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>
/// Jupyter as the host: kernels installed by <see cref="JupyterHost.InstallKernels"/> (into a test-only JUPYTER_PATH),
/// notebooks executed with <c>jupyter nbconvert --execute</c>, pages exported by nbconvert (which loads require.js, as
/// the classic Notebook does) and drawn in headless Chromium with the network blocked. Skipped only where Jupyter is
/// not installed, and never in CI (CI=true) or with FEWSHOT_REQUIRE_JUPYTER=1.
/// </summary>
[Collection(NotebookCollection.Name)]
public class JupyterTests
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");
    static readonly string Root = Path.Combine(Repo, "artifacts", "jupyter-tests");
    static readonly Lazy<string> KernelPath = new(() =>
    {
        var data = Path.Combine(Root, "data");
        JupyterHost.InstallKernels(Repo, data);
        return data;
    });

    static bool Available()
    {
        var missing = JupyterHost.Missing();
        if (missing == null) return true;
        var required = Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("FEWSHOT_REQUIRE_JUPYTER") == "1";
        Assert.False(required, $"Jupyter is required here (CI=true or FEWSHOT_REQUIRE_JUPYTER=1): {missing}");
        return false;
    }

    [Fact]
    public void KernelSpecsListenOnLoopbackOnly()
    {
        if (!Available()) return;
        var specs = Directory.GetFiles(Path.Combine(KernelPath.Value, "kernels"), "kernel.json", SearchOption.AllDirectories);
        Assert.Contains(specs, s => s.Contains(JupyterHost.CSharpKernel));
        foreach (var spec in specs)
        {
            var text = File.ReadAllText(spec);
            Assert.Single(Regex.Matches(text, Regex.Escape(JupyterHost.LocalOnlyOption)));
            JupyterHost.MakeLocalOnly(spec); // idempotent
            Assert.Equal(text, File.ReadAllText(spec));
        }
    }

    [Fact]
    public void GettingStartedRunsInJupyterAndItsPagesDrawTheChartOffline()
    {
        if (!Available()) return;
        var executed = Path.Combine(Root, "out", "00-getting-started.ipynb");
        var failure = JupyterHost.Execute(Path.Combine(Repo, "notebooks", "00-getting-started.ipynb"), executed, TimeSpan.FromMinutes(5), KernelPath.Value);
        Assert.True(failure == null, $"00-getting-started failed in Jupyter at {failure}");
        var notebook = NotebookDocument.Load(executed);
        var outputs = notebook.Cells.SelectMany(c => c.Outputs).Select(o => o.Data.GetValueOrDefault("text/html") ?? "").ToList();
        Assert.Single(outputs, h => h.Contains(ChartFragment.EmbedAttribute)); // plotly.js once, from the setup cell
        Assert.Contains(outputs, h => h.Contains("Plotly.newPlot"));

        // nbconvert's page loads require.js (Debian's, from a file), as the classic Notebook does.
        var nbconvertPage = JupyterHost.ExportHtml(executed, KernelPath.Value);
        Assert.Contains("require", File.ReadAllText(nbconvertPage));
        // The project's own page of the same executed notebook drops the inline copy and loads the shared file.
        var ownPage = Path.Combine(Root, "own", "00-getting-started.html");
        Directory.CreateDirectory(Path.GetDirectoryName(ownPage)!);
        NotebookHtml.Write(notebook, ownPage);
        Assert.DoesNotContain(ChartFragment.EmbedAttribute, File.ReadAllText(ownPage));

        if (HeadlessChromium.Find() is not { } chromium) return;
        foreach (var page in new[] { nbconvertPage, ownPage })
        {
            var dom = HeadlessChromium.Dom(chromium, page);
            Assert.True(dom.Contains("main-svg"), $"{page}: the chart was not drawn offline");
        }
    }

    [Fact]
    public void LiveChartKeepsOneFrameAndTheKernelListensOnLoopbackOnly()
    {
        if (!Available()) return;
        var dir = Directory.CreateDirectory(Path.Combine(Root, "live")).FullName;
        var path = Path.Combine(dir, "live.ipynb");
        TestNotebooks.Write(path, ("cs", TestNotebooks.SetupCell), ("cs", TestNotebooks.LiveChartCell), ("cs", TestNotebooks.ListeningSocketsCell));
        var executed = Path.Combine(dir, "out", "live.ipynb");

        var failure = JupyterHost.Execute(path, executed, TimeSpan.FromMinutes(5), KernelPath.Value);

        Assert.True(failure == null, $"live notebook failed in Jupyter at {failure}");
        var notebook = NotebookDocument.Load(executed);
        var (_, _, frames, html) = Assert.Single(TestNotebooks.LiveFrames(notebook));
        Assert.Equal(1, frames);
        Assert.Contains("live chart: step 4 of 4", html);

        var listening = notebook.Cells[2].Outputs.Select(o => o.Data.GetValueOrDefault("text/plain") ?? "").Single(t => t.Contains("LISTEN"));
        var endpoints = listening.Replace("LISTEN", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(endpoints); // the kernel's HTTP API (and Jupyter's sockets) do listen ...
        foreach (var endpoint in endpoints) Assert.True(IsLoopback(endpoint), $"the kernel listens beyond loopback: {listening}");

        var page = JupyterHost.ExportHtml(executed, KernelPath.Value);
        if (HeadlessChromium.Find() is not { } chromium) return;
        Assert.Equal(1, HeadlessChromium.DrawnCharts(HeadlessChromium.Dom(chromium, page)));
    }

    /// <summary>An address:port of /proc/net/tcp (little-endian IPv4 hex) or tcp6 (four little-endian words) on loopback.</summary>
    internal static bool IsLoopback(string endpoint)
    {
        var address = endpoint.Split(':')[0];
        return address.Length switch
        {
            8 => address.EndsWith("7F", StringComparison.OrdinalIgnoreCase),                         // 127.x.x.x
            32 => address == "00000000000000000000000001000000"                                       // ::1
                  || (address.StartsWith("0000000000000000FFFF0000", StringComparison.OrdinalIgnoreCase) && address.EndsWith("7F", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    [Theory]
    [InlineData("0100007F:0800", true)]
    [InlineData("00000000:0800", false)]
    [InlineData("0A01A8C0:0800", false)]
    [InlineData("00000000000000000000000001000000:0800", true)]
    [InlineData("00000000000000000000000000000000:0800", false)]
    [InlineData("0000000000000000FFFF00000100007F:0800", true)]
    public void LoopbackAddressesAreToldApart(string endpoint, bool loopback) => Assert.Equal(loopback, IsLoopback(endpoint));
}
