using System.Buffers.Binary;
using System.IO.Compression;

namespace FewShotLearn.Data;

/// <summary>Writes unsigned-byte IDX files (optionally gzip-compressed), atomically: a temp file then a move.</summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>; gzip when <paramref name="gzip"/> is true.</summary>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temp))
            {
                Stream output = gzip ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : file;
                WriteTo(output, array);
                if (gzip) output.Dispose();
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
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
