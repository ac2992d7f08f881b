using System.Buffers.Binary;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// A minimal reader of 64-bit little-endian ELF shared objects: just enough to list the symbol
/// versions a library needs (<c>.gnu.version_r</c>) or defines (<c>.gnu.version_d</c>), and to mark a
/// needed version as weak.
/// </summary>
public sealed class ElfFile
{
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The <c>VER_FLG_WEAK</c> bit of a version-need entry.</summary>
    public const ushort VerFlagWeak = 0x2;

    readonly byte[] bytes;

    ElfFile(string path, byte[] bytes)
    {
        Path = path;
        this.bytes = bytes;
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The raw bytes (patched in memory by <see cref="WeakenVersionNeed"/>).</summary>
    public ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>Reads an ELF file, failing with a clear message when it is not a 64-bit little-endian ELF object.</summary>
    public static ElfFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"'{path}' is not an ELF file (no ELF magic number); only Linux shared objects (.so) can be patched.");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"'{path}' is an ELF file but not 64-bit little-endian (class {bytes[4]}, data {bytes[5]}); only x86-64/arm64 Linux libraries are supported.");
        return new ElfFile(path, bytes);
    }

    /// <summary>One needed symbol version: the library providing it, the version name, its flags and where the flags are stored.</summary>
    public sealed record VersionNeed(string File, string Name, ushort Flags, int FlagsOffset)
    {
        /// <summary>True when the loader tolerates the version being absent.</summary>
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Every entry of the <c>.gnu.version_r</c> section (empty when the file has none).</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        foreach (var s in Sections().Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = Sections().ElementAt((int)s.Link);
            long entry = s.Offset;
            for (int i = 0; i < s.Info; i++)
            {
                ushort cnt = U16(entry + 2);
                string file = Str(strtab, U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int j = 0; j < cnt; j++)
                {
                    result.Add(new VersionNeed(file, Str(strtab, U32(aux + 8)), U16(aux + 4), (int)(aux + 4)));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>The names of every version the file defines in <c>.gnu.version_d</c> (e.g. GLIBCXX_3.4.30).</summary>
    public IReadOnlySet<string> VersionDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Sections().Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = Sections().ElementAt((int)s.Link);
            long entry = s.Offset;
            for (int i = 0; i < s.Info; i++)
            {
                long aux = entry + U32(entry + 12);
                result.Add(Str(strtab, U32(aux)));
                uint next = U32(entry + 16);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on the named need, in memory; returns false when it was already weak.</summary>
    public bool WeakenVersionNeed(string versionName)
    {
        var need = VersionNeeds().FirstOrDefault(n => n.Name == versionName)
            ?? throw new InvalidOperationException($"'{Path}' does not need symbol version {versionName}.");
        if (need.IsWeak) return false;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(need.FlagsOffset), (ushort)(need.Flags | VerFlagWeak));
        return true;
    }

    /// <summary>Writes the (possibly patched) bytes atomically: a temporary file beside the target, then a rename.</summary>
    public void WriteTo(string path)
    {
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(File.Exists(path) ? path : Path);
        AtomicFile.WriteAllBytes(path, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    IEnumerable<Section> Sections()
    {
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28));
        ushort shentsize = U16(0x3A), shnum = U16(0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            yield return new Section(
                U32(h + 4),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)(h + 24))),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)(h + 32))),
                U32(h + 40), U32(h + 44));
        }
    }

    ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at));
    uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));

    string Str(Section strtab, uint index)
    {
        int start = (int)(strtab.Offset + index);
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
