using System.Diagnostics;
using System.Security.Cryptography;

namespace FewShotLearn.Tests.Cli;

/// <summary>
/// <c>fewshot</c> as a real .NET tool: packed, installed with <c>dotnet tool install --tool-path</c> (the same
/// package and code path as <c>--global</c>) and run. On Debian 12 the installed tool must patch its own tool-store copy
/// of libLibTorchSharp.so, and the shared NuGet cache's copy must stay byte-identical. Packing copies and compresses
/// libtorch (a 140 MB package, minutes on 2 cores), so it runs in CI (CI=true) or with FEWSHOT_TOOL_TEST=1.
/// </summary>
[Collection(Notebooks.NotebookCollection.Name)]
public class ToolPackageTests
{
    static readonly string Repo = RepositoryRoot.Locate() ?? throw new InvalidOperationException("tests must run inside the repository");

    static (int Code, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15))) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void PackedToolInstallsAndRunsInfo()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && Environment.GetEnvironmentVariable("FEWSHOT_TOOL_TEST") != "1") return;
        var root = Path.Combine(Repo, "artifacts", "tool-test");
        if (Directory.Exists(root)) Directory.Delete(root, true);
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tools");
        var nugetCopies = Directory.GetFiles(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "torchsharp"),
            "libLibTorchSharp.so", SearchOption.AllDirectories);
        var before = nugetCopies.ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

        var pack = Run("dotnet", Repo, "pack", "lib/FewShotLearn.Cli", "-c", "Release", "-o", packages, "-nologo");
        Assert.True(pack.Code == 0, pack.Output);
        Assert.Contains(Directory.GetFiles(packages, "*.nupkg"), f => Path.GetFileName(f).StartsWith("fewshot.", StringComparison.Ordinal));

        var install = Run("dotnet", root, "tool", "install", "--tool-path", tools, "--add-source", packages, "fewshot");
        Assert.True(install.Code == 0, install.Output);

        var info = Run(Path.Combine(tools, "fewshot"), root, "info");
        Assert.True(info.Code == 0, $"installed fewshot info exited {info.Code}: {info.Output}");
        Assert.Contains("TorchSharp", info.Output);
        Assert.DoesNotContain("SkippedPackageCache", info.Output);
        Assert.DoesNotContain('\u001b', info.Output); // redirected: plain text

        foreach (var (file, hash) in before)
            Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
    }
}
