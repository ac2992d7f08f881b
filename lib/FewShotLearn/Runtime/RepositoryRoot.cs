namespace FewShotLearn.Runtime;

/// <summary>Finds the repository root (the folder holding FewShotLearn.sln) above a path.</summary>
public static class RepositoryRoot
{
    /// <summary>The closest folder at or above <paramref name="start"/> that holds FewShotLearn.sln, or null.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FewShotLearn.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The repository root above the current directory or above this library's own location, or null.</summary>
    public static string? Locate() =>
        Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory) ?? Find(Path.GetDirectoryName(typeof(RepositoryRoot).Assembly.Location)!);
}
