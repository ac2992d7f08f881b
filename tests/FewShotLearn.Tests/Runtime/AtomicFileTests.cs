using FewShotLearn.Tests.Data;

namespace FewShotLearn.Tests.Runtime;

public class AtomicFileTests
{
    [Fact]
    public void TheNextWriteRemovesStaleTemporariesOfItsOwnNamingOnly()
    {
        using var dir = new TempDir();
        var stale = dir[$".model.fsm.{Guid.NewGuid():N}.tmp"];     // left by a writer killed with kill -9
        var fresh = dir[$".index.fsi.{Guid.NewGuid():N}.tmp"];     // a writer that is still running
        var foreign = dir[".someone-else.tmp"];                     // not our naming
        foreach (var f in new[] { stale, fresh, foreign }) File.WriteAllText(f, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromHours(1));
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow - TimeSpan.FromHours(1));

        AtomicFile.WriteAllText(dir["model.fsm"], "complete");

        Assert.Equal("complete", File.ReadAllText(dir["model.fsm"]));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void ATemporaryHeldOpenByALiveWriterIsKept()
    {
        using var dir = new TempDir();
        var held = dir[$".model.fsm.{Guid.NewGuid():N}.tmp"];
        using var writer = new FileStream(held, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        File.SetLastWriteTimeUtc(held, DateTime.UtcNow - TimeSpan.FromHours(1));
        Assert.Equal(0, AtomicFile.RemoveStaleTemporaries(dir.Path));
        Assert.True(File.Exists(held));
    }

    [Fact]
    public void AFolderOrAnEmptyPathIsAClearError()
    {
        using var dir = new TempDir();
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(dir.Path, "x")).Message);
        Assert.Contains("No output file", Assert.Throws<ArgumentException>(() => AtomicFile.WriteAllText("", "x")).Message);
    }
}
