using FewShotLearn.Runtime.Native;

namespace FewShotLearn.Runtime;

/// <summary>Writes a file atomically: content goes to a temporary file beside the target, which then replaces it in one move.</summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temp file, flushes it to disk and moves it over <paramref name="path"/>.
    /// On any failure the temp file is deleted and the previous file (if any) is left untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                if (stream.CanWrite) stream.Flush(flushToDisk: true); // a writer that closed the stream has already flushed it

            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Atomically writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Atomically writes UTF-8 <paramref name="text"/> to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
