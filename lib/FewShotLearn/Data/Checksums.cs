using System.Security.Cryptography;

namespace FewShotLearn.Data;

/// <summary>
/// SHA-256 helpers for data files. Content checksums hash the decompressed bytes of a (possibly gzipped) file, so
/// they do not depend on which gzip implementation or compression level produced it.
/// </summary>
public static class Checksums
{
    /// <summary>Lower-case hex SHA-256 of the file's bytes as stored.</summary>
    public static string FileSha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Lower-case hex SHA-256 of the file's content, decompressed first when it is gzip (magic 1f 8b).</summary>
    public static string ContentSha256(string path)
    {
        using var file = File.OpenRead(path);
        using var content = IdxReader.OpenMaybeGzip(file);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }
}
