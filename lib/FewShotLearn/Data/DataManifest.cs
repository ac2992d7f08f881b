using System.Text.Json;
using System.Text.Json.Serialization;

namespace FewShotLearn.Data;

/// <summary>
/// The <c>manifest.json</c> written next to a fetched data set: which source produced it and the SHA-256 of every
/// file, so later runs can verify the files. Versioned by <see cref="FormatVersion"/> and written atomically.
/// </summary>
public sealed record DataManifest(
    int FormatVersion,
    string DataSet,
    string Source,
    string Variant,
    DateTime FetchedUtc,
    IReadOnlyList<DataManifestFile> Files)
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest's file name inside a data set folder.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads the manifest of a folder, or null when there is none or it is unreadable or of another format.</summary>
    public static DataManifest? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<DataManifest>(File.ReadAllText(path), Json);
            return manifest?.FormatVersion == CurrentFormatVersion ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest into a folder atomically (temp file, then move).</summary>
    public void Write(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));
    }
}

/// <summary>One file of a <see cref="DataManifest"/>: its name, size, stored and content SHA-256, and item count.</summary>
public sealed record DataManifestFile(string Name, long Bytes, string FileSha256, string ContentSha256, int Count);
