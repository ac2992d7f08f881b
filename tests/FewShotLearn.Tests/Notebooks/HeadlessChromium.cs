using System.Diagnostics;

namespace FewShotLearn.Tests.Notebooks;

/// <summary>Headless Chromium with the network blocked (every request goes to a dead proxy): pages must draw from local files.</summary>
static class HeadlessChromium
{
    /// <summary>The browser, or null when none is installed (a failure where FEWSHOT_REQUIRE_BROWSER=1, as in CI).</summary>
    public static string? Find()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium == null)
            Assert.True(Environment.GetEnvironmentVariable("FEWSHOT_REQUIRE_BROWSER") != "1", "FEWSHOT_REQUIRE_BROWSER=1 but no Chromium is installed (apt-get install chromium)");
        return chromium;
    }

    /// <summary>The DOM of <paramref name="page"/> after its scripts ran (5 s of virtual time), offline.</summary>
    public static string Dom(string chromium, string page)
    {
        var profile = Directory.CreateTempSubdirectory("fsl-chrome-").FullName;
        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=8000",
                     "--allow-file-access-from-files", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000)) p.Kill(true);
        try { Directory.Delete(profile, true); } catch (IOException) { }
        return stdout.Result;
    }

    /// <summary>How many Plotly charts the page drew (each draws one SVG with class main-svg, or two for some trace kinds).</summary>
    public static int DrawnCharts(string dom) => dom.Split("class=\"plot-container plotly\"").Length - 1;
}
