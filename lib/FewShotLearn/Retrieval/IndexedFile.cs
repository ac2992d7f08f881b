using System.Security.Cryptography;

namespace FewShotLearn.Retrieval;

/// <summary>
/// The image file behind one index entry as it was when indexed: full path, length, last write time (UTC) and SHA-256 of
/// its bytes. <see cref="Check"/> compares it with the file now (length and time first; the content hash only when the
/// time changed), so a replaced, edited, moved or deleted file is noticed before a search shows it beside an old distance.
/// </summary>
public sealed record IndexedFile(string Path, long Length, DateTime LastWriteUtc, string Sha256)
{
    /// <summary>Records <paramref name="path"/> (made absolute) as it is now.</summary>
    public static IndexedFile Of(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        return new IndexedFile(full, info.Length, info.LastWriteTimeUtc, Hash(full));
    }

    /// <summary>Null when the file still has the recorded content, else what changed ("missing", "size changed", "content changed").</summary>
    public string? Check()
    {
        var info = new FileInfo(Path);
        if (!info.Exists) return "missing";
        if (info.Length != Length) return $"size changed from {Length} to {info.Length} bytes";
        if (info.LastWriteTimeUtc == LastWriteUtc) return null;
        return Hash(Path) == Sha256 ? null : "content changed";
    }

    static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
