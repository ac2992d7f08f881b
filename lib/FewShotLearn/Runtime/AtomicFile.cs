using System.Text.RegularExpressions;

namespace FewShotLearn.Runtime;

/// <summary>
/// Writes a file atomically: content goes to a hidden temporary file beside the target (<c>.NAME.GUID.tmp</c>), which then
/// replaces it in one move. A process killed mid-write (kill -9) leaves its temporary file behind: every write removes
/// such stale temporary files of this naming from the folder it writes to (those not written for
/// <see cref="StaleAfter"/> and not held open by a live writer).
/// </summary>
public static partial class AtomicFile
{
    /// <summary>How long a temporary file must have been left unwritten before a later write removes it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>Our temporary files: a dot, the target's name, a dot, 32 hex digits, ".tmp".</summary>
    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();

    /// <summary>Writes through <paramref name="write"/> into a temp file, flushes it to disk and moves it over <paramref name="path"/>.
    /// On any failure the temp file is deleted and the previous file (if any) is left untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("No output file given: pass a file path (e.g. model.fsm).", nameof(path));
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"'{path}' is a folder; give a file path inside it instead, e.g. {Path.Combine(path, "out.bin")}.");
        var dir = Path.GetDirectoryName(full)!;
        try { Directory.CreateDirectory(dir); }
        catch (IOException e) { throw new IOException($"Cannot create the folder '{dir}' for '{path}' ({e.Message}); choose another output path.", e); }
        RemoveStaleTemporaries(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = OpenTemp(temp, path))
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

    static FileStream OpenTemp(string temp, string path)
    {
        try { return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None); }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"Cannot write '{path}': the folder '{Path.GetDirectoryName(temp)}' is not writable; choose a writable output path.", e);
        }
    }

    /// <summary>Deletes temporary files of <see cref="Write"/>'s naming in <paramref name="dir"/> that are stale: not written for
    /// <see cref="StaleAfter"/> and openable exclusively (no live writer holds them). Returns how many were removed.</summary>
    public static int RemoveStaleTemporaries(string dir)
    {
        var removed = 0;
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(dir, ".*.tmp").Where(f => TempName().IsMatch(Path.GetFileName(f))).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
        foreach (var file in candidates)
        {
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < StaleAfter) continue;
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }   // throws while a writer holds it
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>Atomically writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Atomically writes UTF-8 <paramref name="text"/> to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
