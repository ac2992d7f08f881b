using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FewShotLearn.Runtime.Native;

namespace FewShotLearn.Runtime;

/// <summary>
/// The layout shared by the project's binary files (checkpoints, retrieval indexes): magic bytes naming the kind
/// of file, an int32 format version, an int32 header length, a UTF-8 JSON header and then the payload. Written
/// atomically; read back with errors that name the file, what is wrong and how to make a good one.
/// </summary>
public static class VersionedFile
{
    /// <summary>Writes magic, version, header and the payload written by <paramref name="payload"/>, atomically.</summary>
    public static void Write(string path, byte[] magic, int version, JsonNode header, Action<BinaryWriter> payload)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(magic);
            w.Write(version);
            w.Write(headerBytes.Length);
            w.Write(headerBytes);
            payload(w);
            w.Flush();
        });
    }

    static string Article(string noun) => "AEIOUaeiou".Contains(noun[0]) ? "an" : "a";

    /// <summary>
    /// Opens a file written by <see cref="Write"/>, checking its magic and version and reading its header.
    /// <paramref name="kind"/> names the file kind in messages ("FewShotLearn retrieval index") and <paramref name="remedy"/>
    /// says how to make a good file ("Rebuild it with `fewshot index`.").
    /// </summary>
    public static VersionedFileReader Open(string path, byte[] magic, int version, string kind, string remedy)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The {kind} '{path}' does not exist. {remedy}", path);
        var stream = File.OpenRead(path);
        var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(magic.Length).AsSpan().SequenceEqual(magic))
                throw new InvalidDataException($"'{path}' is not {Article(kind)} {kind} (wrong magic bytes). {remedy}");
            if (stream.Length < magic.Length + 8)
                throw new InvalidDataException($"The {kind} '{path}' is truncated or corrupt (too short). {remedy}");
            var found = reader.ReadInt32();
            if (found != version)
                throw new InvalidDataException($"The {kind} '{path}' has format version {found}; this build reads version {version}. {remedy}");
            var length = reader.ReadInt32();
            if (length <= 0 || length > stream.Length - stream.Position)
                throw new InvalidDataException($"The {kind} '{path}' is truncated or corrupt (header length {length}). {remedy}");
            JsonObject header;
            try { header = JsonNode.Parse(reader.ReadBytes(length))!.AsObject(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new InvalidDataException($"The {kind} '{path}' is truncated or corrupt (unreadable header). {remedy}", e);
            }
            return new VersionedFileReader(header, reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}

/// <summary>An open versioned file: its JSON header, and a reader positioned at the payload.</summary>
public sealed class VersionedFileReader(JsonObject header, BinaryReader payload) : IDisposable
{
    /// <summary>The JSON header.</summary>
    public JsonObject Header { get; } = header;

    /// <summary>Reads the payload (positioned right after the header).</summary>
    public BinaryReader Payload { get; } = payload;

    /// <summary>Bytes left after the header.</summary>
    public long PayloadLength => Payload.BaseStream.Length - Payload.BaseStream.Position;

    /// <inheritdoc />
    public void Dispose() => Payload.Dispose();
}
