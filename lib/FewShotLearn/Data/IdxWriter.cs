using System.Buffers.Binary;
using System.IO.Compression;

namespace FewShotLearn.Data;

/// <summary>Writes unsigned-byte IDX files (optionally gzip-compressed), atomically: a temp file then a move.</summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>; gzip when <paramref name="gzip"/> is true.</summary>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        AtomicFile.Write(path, file =>
        {
            if (!gzip) { WriteTo(file, array); return; }
            using var zip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
            WriteTo(zip, array);
        });
    }

    /// <summary>Writes the IDX header and data to a stream.</summary>
    public static void WriteTo(Stream output, IdxArray array)
    {
        var header = new byte[4 + 4 * array.Dimensions.Length];
        header[2] = IdxReader.UnsignedByte;
        header[3] = (byte)array.Dimensions.Length;
        for (var i = 0; i < array.Dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), array.Dimensions[i]);
        output.Write(header);
        output.Write(array.Data);
    }
}
