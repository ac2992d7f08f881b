using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FewShotLearn.Runtime;

/// <summary>
/// The one layout shared by the project's binary files (CNN checkpoints, EmbeddingNet checkpoints, retrieval indexes):
/// magic bytes naming the kind of file, an int32 format version, an int32 header length, a UTF-8 JSON header, the
/// payload, and a 32-byte SHA-256 of everything before it (magic, version, header and payload). Written atomically;
/// read back only after the checksum matched, with errors that name the file, what is wrong and how to make a good one.
/// A removed or edited header field, appended or missing bytes and a flipped bit all fail the checksum; readers then
/// require their fields (<see cref="VersionedFileReader.Required{T}"/>), bound every count against the bytes actually
/// present before allocating, and check that the payload was consumed exactly (<see cref="VersionedFileReader.EnsureConsumed"/>).
/// </summary>
public static class VersionedFile
{
    /// <summary>Bytes of the SHA-256 trailer.</summary>
    public const int ChecksumLength = 32;

    /// <summary>Largest JSON header read (256 MiB): a header length above it is refused before allocating.</summary>
    public const int MaxHeaderLength = 256 << 20;

    /// <summary>Writes magic, version, header, the payload written by <paramref name="payload"/> and the SHA-256 trailer, atomically.</summary>
    public static void Write(string path, byte[] magic, int version, JsonNode header, Action<BinaryWriter> payload)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        if (headerBytes.Length > MaxHeaderLength)
            throw new ArgumentException($"The header of '{path}' is {headerBytes.Length} bytes; at most {MaxHeaderLength} are supported.");
        AtomicFile.Write(path, stream =>
        {
            using var hashing = new HashingWriteStream(stream);
            using (var w = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(magic);
                w.Write(version);
                w.Write(headerBytes.Length);
                w.Write(headerBytes);
                payload(w);
                w.Flush();
            }
            stream.Write(hashing.Hash());
        });
    }

    static string Article(string noun) => "AEIOUaeiou".Contains(noun[0]) ? "an" : "a";

    /// <summary>
    /// Opens a file written by <see cref="Write"/>: checks its magic, its version, the header length and the SHA-256 of the
    /// whole file (one streaming pass), then parses the header. <paramref name="kind"/> names the file kind in messages
    /// ("FewShotLearn retrieval index") and <paramref name="remedy"/> says how to make a good file ("Rebuild it with `fewshot index`.").
    /// </summary>
    public static VersionedFileReader Open(string path, byte[] magic, int version, string kind, string remedy)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"The {kind} '{path}' is a directory, not a file. {remedy}", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The {kind} '{path}' does not exist. {remedy}", path);
        var stream = File.OpenRead(path);
        string Corrupt(string why) => $"The {kind} '{path}' is truncated or corrupt ({why}). {remedy}";
        try
        {
            var fileLength = stream.Length;
            var head = new byte[magic.Length];
            var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (got < magic.Length || !head.AsSpan().SequenceEqual(magic))
                throw new InvalidDataException($"'{path}' is not {Article(kind)} {kind} (wrong magic bytes). {remedy}");
            if (fileLength < magic.Length + 8 + ChecksumLength)
                throw new InvalidDataException(Corrupt($"only {fileLength} bytes"));
            Span<byte> ints = stackalloc byte[8];
            stream.ReadExactly(ints);
            var found = BitConverter.ToInt32(ints[..4]);
            if (found != version)
            {
                var age = found < version && found >= 1
                    ? "it was written by an older FewShotLearn with a layout this build no longer reads"
                    : "it was written by a newer or unknown FewShotLearn";
                throw new InvalidDataException($"The {kind} '{path}' has format version {found}; this build reads version {version} only ({age}). {remedy}");
            }
            var length = BitConverter.ToInt32(ints[4..]);
            var headerStart = magic.Length + 8L;
            if (length <= 0 || length > MaxHeaderLength || length > fileLength - headerStart - ChecksumLength)
                throw new InvalidDataException(Corrupt($"header length {length} does not fit in {fileLength} bytes"));
            VerifyChecksum(stream, fileLength, Corrupt);
            stream.Position = headerStart;
            var headerBytes = new byte[length];
            stream.ReadExactly(headerBytes);
            JsonObject header;
            try { header = JsonNode.Parse(headerBytes) as JsonObject ?? throw new InvalidDataException("the header is not a JSON object"); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException(Corrupt("unreadable header: " + e.Message), e);
            }
            var payloadStart = headerStart + length;
            return new VersionedFileReader(path, kind, remedy, header, stream, payloadStart, fileLength - ChecksumLength - payloadStart);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Hashes everything before the trailer in 1 MiB reads and compares it with the trailer.</summary>
    static void VerifyChecksum(Stream stream, long fileLength, Func<string, string> corrupt)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        stream.Position = 0;
        var left = fileLength - ChecksumLength;
        while (left > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0) throw new InvalidDataException(corrupt("the file shrank while it was read"));
            sha.AppendData(buffer, 0, n);
            left -= n;
        }
        var stored = new byte[ChecksumLength];
        stream.ReadExactly(stored);
        if (!sha.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException(corrupt("SHA-256 checksum mismatch: bytes were changed, removed or appended after it was written"));
    }

    /// <summary>A write-only pass-through stream that hashes what it forwards.</summary>
    sealed class HashingWriteStream(Stream inner) : Stream
    {
        readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public byte[] Hash() => sha.GetHashAndReset();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { sha.AppendData(buffer); inner.Write(buffer); }
        protected override void Dispose(bool disposing) { if (disposing) sha.Dispose(); base.Dispose(disposing); }
    }
}

/// <summary>
/// An open, checksum-verified versioned file: its JSON header, and <see cref="Payload"/>, a reader confined to the payload
/// (it cannot read the trailer). Helpers require header fields and turn any defect into a message naming the file and the fix.
/// </summary>
public sealed class VersionedFileReader : IDisposable
{
    readonly Stream file;

    internal VersionedFileReader(string path, string kind, string remedy, JsonObject header, Stream file, long payloadStart, long payloadLength)
    {
        Path = path; Kind = kind; Remedy = remedy; Header = header; this.file = file;
        PayloadStart = payloadStart;
        PayloadLength = payloadLength;
        file.Position = payloadStart;
        Payload = new BinaryReader(new BoundedReadStream(file, payloadStart, payloadLength), Encoding.UTF8);
    }

    /// <summary>The file's path (as given).</summary>
    public string Path { get; }

    /// <summary>The kind of file, for messages ("FewShotLearn retrieval index").</summary>
    public string Kind { get; }

    /// <summary>How to make a good file, for messages.</summary>
    public string Remedy { get; }

    /// <summary>The JSON header.</summary>
    public JsonObject Header { get; }

    /// <summary>Reads the payload (positioned at its start; reading past its end is an end of stream).</summary>
    public BinaryReader Payload { get; }

    /// <summary>Offset of the payload in the file.</summary>
    public long PayloadStart { get; }

    /// <summary>Bytes of payload (the file minus layout, header and checksum).</summary>
    public long PayloadLength { get; }

    /// <summary>Payload bytes not read yet.</summary>
    public long PayloadRemaining => PayloadLength - Payload.BaseStream.Position;

    /// <summary>Moves the payload reader back to the payload's start.</summary>
    public void RewindPayload() => Payload.BaseStream.Position = 0;

    /// <summary>An <see cref="InvalidDataException"/> saying the file is corrupt because of <paramref name="why"/>, with the remedy.</summary>
    public InvalidDataException Corrupt(string why, Exception? inner = null) =>
        new($"The {Kind} '{Path}' is truncated or corrupt ({why}). {Remedy}", inner);

    /// <summary>The header field <paramref name="name"/> as <typeparamref name="T"/>; a missing, null or mistyped field is a clear error.</summary>
    public T Required<T>(string name)
    {
        if (!Header.TryGetPropertyValue(name, out var node) || node is null)
            throw new InvalidDataException($"The {Kind} '{Path}' lacks the required header field '{name}'. {Remedy}");
        try { return node.GetValue<T>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The {Kind} '{Path}' has an invalid header field '{name}' ({node.ToJsonString()}). {Remedy}", e);
        }
    }

    /// <summary>The header field <paramref name="name"/>, which must be present (possibly null: returns null then).</summary>
    public JsonNode? RequiredNode(string name) =>
        Header.TryGetPropertyValue(name, out var node) ? node
            : throw new InvalidDataException($"The {Kind} '{Path}' lacks the required header field '{name}'. {Remedy}");

    /// <summary>The header field <paramref name="name"/> as a JSON array (present, not null).</summary>
    public JsonArray RequiredArray(string name) => RequiredNode(name) as JsonArray
        ?? throw new InvalidDataException($"The {Kind} '{Path}' has no array in its required header field '{name}'. {Remedy}");

    /// <summary>The header field <paramref name="name"/> as a JSON object (present, not null).</summary>
    public JsonObject RequiredObject(string name) => RequiredNode(name) as JsonObject
        ?? throw new InvalidDataException($"The {Kind} '{Path}' has no object in its required header field '{name}'. {Remedy}");

    /// <summary>Checks that a count read from the header lies in [<paramref name="min"/>, <paramref name="max"/>] before anything is allocated for it.</summary>
    public long CheckCount(string name, long value, long min, long max) =>
        value < min || value > max ? throw Corrupt($"'{name}' is {value}; it must be between {min} and {max}") : value;

    /// <summary>Reads exactly <paramref name="into"/>.Length payload bytes.</summary>
    public void ReadExactly(Span<byte> into)
    {
        try { Payload.BaseStream.ReadExactly(into); }
        catch (EndOfStreamException e) { throw Corrupt("the payload ends early", e); }
    }

    /// <summary>Throws unless the payload was read to its end (no unexpected trailing bytes).</summary>
    public void EnsureConsumed()
    {
        var left = PayloadRemaining;
        if (left != 0) throw Corrupt(left > 0 ? $"{left} unexpected bytes after the payload" : "the payload ends early");
    }

    /// <inheritdoc />
    public void Dispose() { Payload.Dispose(); file.Dispose(); }

    /// <summary>A read-only window [start, start + length) of a seekable stream.</summary>
    sealed class BoundedReadStream(Stream inner, long start, long length) : Stream
    {
        long position;
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position
        {
            get => position;
            set { if (value < 0 || value > length) throw new ArgumentOutOfRangeException(nameof(value)); position = value; }
        }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - position);
            if (n <= 0) return 0;
            inner.Position = start + position;
            var read = inner.Read(buffer[..n]);
            position += read;
            return read;
        }
        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => position + offset, _ => length + offset };
            return position;
        }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { } // the reader owns the file stream
    }
}
