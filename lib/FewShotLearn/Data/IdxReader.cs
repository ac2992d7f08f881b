using System.Buffers.Binary;
using System.IO.Compression;

namespace FewShotLearn.Data;

/// <summary>
/// Reads IDX files (MNIST / Fashion-MNIST format), plain or gzip-compressed (detected by the 1f 8b magic),
/// with unsigned-byte data; every malformed header is reported with the file name and what was expected.
/// </summary>
public static class IdxReader
{
    /// <summary>The IDX type code of unsigned bytes, the only type the MNIST files use.</summary>
    public const byte UnsignedByte = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes with any number of dimensions.</summary>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads IDX data from a stream (gzip or plain); <paramref name="name"/> names it in errors.</summary>
    public static IdxArray Read(Stream stream, string name = "stream")
    {
        using var input = OpenMaybeGzip(stream);
        Span<byte> header = stackalloc byte[4];
        ReadExactly(input, header, name, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"'{name}' is not an IDX file: the magic number must start with two zero bytes, " +
                $"got {header[0]:x2} {header[1]:x2} {header[2]:x2} {header[3]:x2}. Check that the file is an (optionally gzipped) MNIST-style IDX file.");
        if (header[2] != UnsignedByte)
            throw new InvalidDataException($"'{name}' holds IDX data of type 0x{header[2]:x2}; only unsigned bytes (0x08) are supported.");
        int rank = header[3];
        if (rank == 0) throw new InvalidDataException($"'{name}' declares 0 dimensions; an IDX file needs at least one.");
        var dimBytes = new byte[4 * rank];
        ReadExactly(input, dimBytes, name, $"{rank} dimension sizes");
        var dims = new int[rank];
        long total = 1;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d < 0) throw new InvalidDataException($"'{name}' declares a negative size {d} for dimension {i}.");
            dims[i] = d;
            total *= d;
        }
        if (total > Array.MaxLength)
            throw new InvalidDataException($"'{name}' declares dimensions [{string.Join(", ", dims)}] = {total} bytes, too large to load.");
        var data = new byte[total];
        ReadExactly(input, data, name, $"{total} data bytes for dimensions [{string.Join(", ", dims)}]");
        if (input.ReadByte() != -1)
            throw new InvalidDataException($"'{name}' has bytes after the {total} declared by its dimensions [{string.Join(", ", dims)}]; the file is not a valid IDX file.");
        return new IdxArray(dims, data);
    }

    /// <summary>Reads only the header of an IDX file (plain or gzip): its dimensions, without loading the data.</summary>
    public static int[] ReadDimensions(string path)
    {
        using var file = File.OpenRead(path);
        using var input = OpenMaybeGzip(file);
        Span<byte> header = stackalloc byte[4];
        ReadExactly(input, header, path, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByte || header[3] == 0)
            throw new InvalidDataException($"'{path}' is not an unsigned-byte IDX file (magic {header[0]:x2} {header[1]:x2} {header[2]:x2} {header[3]:x2}).");
        var dims = new byte[4 * header[3]];
        ReadExactly(input, dims, path, $"{header[3]} dimension sizes");
        return Enumerable.Range(0, header[3]).Select(i => BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * i))).ToArray();
    }

    /// <summary>Reads an image file: three dimensions [N, rows, cols].</summary>
    public static IdxArray ReadImages(string path) =>
        ReadWithRank(path, 3, "an IDX image file needs 3 (count, rows, cols). Is this a label file?");

    /// <summary>Reads a label file: one dimension [N].</summary>
    public static IdxArray ReadLabels(string path) =>
        ReadWithRank(path, 1, "an IDX label file needs 1 (count). Is this an image file?");

    /// <summary>Reads an IDX file that must have <paramref name="rank"/> dimensions; otherwise says so and what is <paramref name="needed"/>.</summary>
    static IdxArray ReadWithRank(string path, int rank, string needed)
    {
        var array = Read(path);
        if (array.Dimensions.Length != rank)
            throw new InvalidDataException($"'{path}' has {array.Dimensions.Length} dimensions [{string.Join(", ", array.Dimensions)}]; {needed}");
        return array;
    }

    /// <summary>Wraps the stream in a gzip decoder when it starts with the gzip magic 1f 8b.</summary>
    internal static Stream OpenMaybeGzip(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        var start = stream.Position;
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        stream.Position = start;
        return b0 == 0x1f && b1 == 0x8b
            ? new BufferedStream(new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true), 1 << 16)
            : new BufferedStream(stream, 1 << 16);
    }

    private static void ReadExactly(Stream input, Span<byte> buffer, string name, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try { n = input.Read(buffer[read..]); }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"'{name}' is a corrupt gzip file ({e.Message}). Delete it and fetch it again.", e);
            }
            if (n == 0)
                throw new InvalidDataException($"'{name}' ends after {read} of the {buffer.Length} bytes expected for {what}: the file is truncated. Delete it and fetch it again.");
            read += n;
        }
    }
}
