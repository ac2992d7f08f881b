namespace FewShotLearn.Tests.Runtime;

public class ToolStoreTests
{
    [Theory]
    [InlineData("/root/.dotnet/tools/.store/fewshot/0.1.0/fewshot.linux-x64/0.1.0/tools/net10.0/linux-x64/", "runtimes/linux-x64/native/libLibTorchSharp.so", true)]
    [InlineData("/opt/t/.store/fewshot/0.1.0/fewshot.linux-x64/0.1.0/tools/net10.0/linux-x64/", "libLibTorchSharp.so", true)]
    [InlineData("/root/.dotnet/tools/.store/fewshot/0.1.0/fewshot.linux-x64/0.1.0/tools/net10.0/linux-x64/", "../../../../../../other/lib.so", false)]
    [InlineData("/work/repo/artifacts/bin/FewShotLearn.Cli/debug/", "runtimes/linux-x64/native/libLibTorchSharp.so", false)]
    public void OnlyTheRunningToolsOwnStoreCopyCounts(string app, string relative, bool own) =>
        Assert.Equal(own, LibTorchSharpPatcher.IsOwnToolStoreCopy(Path.GetFullPath(Path.Combine(app, relative)), app));

    [Fact]
    public void TheNuGetCacheCopyIsNeverTheToolsOwn()
    {
        var nugetCopy = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.False(LibTorchSharpPatcher.IsOwnToolStoreCopy(nugetCopy, AppContext.BaseDirectory));
    }
}
