using TorchSharp.PyBridge;

namespace FewShotLearn.Transfer;

/// <summary>
/// Saves and loads model weights in TorchSharp's own format (<c>module.save</c>) and as PyTorch state dicts in
/// safetensors (so real pretrained PyTorch weights can be used). Writes are atomic (temp file, then move);
/// loads check every name and shape first and throw a <see cref="WeightMismatchException"/> listing the differences.
/// </summary>
public static class WeightFiles
{
    /// <summary>The two supported file formats.</summary>
    public enum Format
    {
        /// <summary>TorchSharp's own format (also written by TorchSharp's exportsd.py from PyTorch).</summary>
        TorchSharp,
        /// <summary>A safetensors state dict, as written by PyTorch's safetensors.torch.save_file.</summary>
        Safetensors,
    }

    /// <summary>The format implied by a file name: <c>.safetensors</c> or anything else (TorchSharp).</summary>
    public static Format FormatOf(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? Format.Safetensors : Format.TorchSharp;

    /// <summary>Writes the module's state dict (parameters and buffers) atomically.</summary>
    public static void Save(nn.Module module, string path, Format? format = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            if ((format ?? FormatOf(path)) == Format.Safetensors) { TorchSharpRedirect.Install(); PyBridgeCalls.Save(module, tmp); }
            else module.save(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Name, dtype and shape of every tensor in a weight file, without loading the data.</summary>
    public static IReadOnlyDictionary<string, WeightEntry> ReadEntries(string path, Format? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        return (format ?? FormatOf(path)) == Format.Safetensors ? ReadSafetensorsEntries(path) : ReadTorchSharpEntries(path);
    }

    /// <summary>
    /// Loads weights into <paramref name="module"/> after checking names and shapes. Names starting with one of
    /// <paramref name="skipPrefixes"/> (e.g. "fc." to drop a PyTorch head) are ignored on both sides.
    /// </summary>
    public static void Load(nn.Module module, string path, Format? format = null, IReadOnlyList<string>? skipPrefixes = null)
    {
        var fmt = format ?? FormatOf(path);
        var entries = ReadEntries(path, fmt);
        var skip = skipPrefixes ?? [];
        bool Keep(string n) => !skip.Any(n.StartsWith);
        var expected = module.state_dict().Where(kv => Keep(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var found = entries.Where(kv => Keep(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var missing = expected.Keys.Where(k => !found.ContainsKey(k)).ToList();
        var unexpected = found.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var wrongShape = expected.Where(kv => found.TryGetValue(kv.Key, out var e) && !e.Shape.SequenceEqual(kv.Value))
            .Select(kv => (kv.Key, Expected: kv.Value, Found: found[kv.Key].Shape)).ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
            throw new WeightMismatchException(path, module.GetName(), missing, unexpected, wrongShape);
        var skipList = entries.Keys.Concat(module.state_dict().Keys).Distinct().Where(n => !Keep(n)).ToList();
        if (fmt == Format.Safetensors) { TorchSharpRedirect.Install(); PyBridgeCalls.Load(module, path, skipList); }
        else module.load(path, strict: true, skip: skipList);
    }

    // Kept apart so that the PyBridge signatures are resolved (JIT) only after TorchSharpRedirect is installed.
    private static class PyBridgeCalls
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Save(nn.Module module, string path) => module.save_safetensors(path);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Load(nn.Module module, string path, IList<string> skip) => module.load_safetensors(path, strict: true, skip: skip);
    }

    private static Dictionary<string, WeightEntry> ReadSafetensorsEntries(string path)
    {
        using var f = File.OpenRead(path);
        using var r = new BinaryReader(f);
        var headerLen = r.ReadInt64();
        if (headerLen <= 0 || headerLen > f.Length - 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file (header length {headerLen}).");
        using var doc = System.Text.Json.JsonDocument.Parse(r.ReadBytes((int)headerLen));
        var result = new Dictionary<string, WeightEntry>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__") continue;
            result[p.Name] = new WeightEntry(p.Value.GetProperty("dtype").GetString() ?? "?",
                p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        }
        return result;
    }

    // TorchSharp format (see TorchSharp's exportsd.py): LEB128 count, then per entry a .NET string name,
    // LEB128 element type, LEB128 rank, LEB128 dims, raw little-endian data.
    private static readonly Dictionary<long, (string Name, int Size)> ElementTypes = new()
    {
        [0] = ("uint8", 1), [1] = ("int8", 1), [2] = ("int16", 2), [3] = ("int32", 4), [4] = ("int64", 8),
        [5] = ("float16", 2), [6] = ("float32", 4), [7] = ("float64", 8), [11] = ("bool", 1), [15] = ("bfloat16", 2),
    };

    private static Dictionary<string, WeightEntry> ReadTorchSharpEntries(string path)
    {
        using var f = File.OpenRead(path);
        using var r = new BinaryReader(f, Encoding.UTF8);
        var result = new Dictionary<string, WeightEntry>();
        try
        {
            var count = r.Read7BitEncodedInt64();
            for (long i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var type = r.Read7BitEncodedInt64();
                var rank = r.Read7BitEncodedInt64();
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = r.Read7BitEncodedInt64();
                if (!ElementTypes.TryGetValue(type, out var et)) throw new InvalidDataException($"unknown element type {type} for '{name}'");
                f.Seek(shape.Aggregate(1L, (a, b) => a * b) * et.Size, SeekOrigin.Current);
                result[name] = new WeightEntry(et.Name, shape);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a TorchSharp weight file ({e.Message}). " +
                "Use a .safetensors name for PyTorch state dicts.", e);
        }
        if (f.Position != f.Length)
            throw new InvalidDataException($"'{path}' has {f.Length - f.Position} trailing bytes: not a TorchSharp weight file.");
        return result;
    }
}

/// <summary>One tensor listed in a weight file: element type and shape.</summary>
public sealed record WeightEntry(string DType, long[] Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{DType}[{string.Join(", ", Shape)}]";
}

/// <summary>A weight file does not fit a module; the message lists missing, unexpected and wrongly shaped tensors.</summary>
public sealed class WeightMismatchException : Exception
{
    /// <summary>Builds the exception and its message.</summary>
    public WeightMismatchException(string path, string moduleName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<(string Name, long[] Expected, long[] Found)> wrongShape)
        : base(Describe(path, moduleName, missing, unexpected, wrongShape))
    {
        Missing = missing;
        Unexpected = unexpected;
        WrongShape = wrongShape;
    }

    /// <summary>Tensors the module has but the file lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Tensors in the file that the module does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Tensors present in both with different shapes.</summary>
    public IReadOnlyList<(string Name, long[] Expected, long[] Found)> WrongShape { get; }

    private static string Describe(string path, string moduleName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<(string Name, long[] Expected, long[] Found)> wrongShape)
    {
        static string S(long[] s) => "[" + string.Join(", ", s) + "]";
        var sb = new StringBuilder($"Weight file '{path}' does not match module '{moduleName}'; nothing was loaded.");
        if (missing.Count > 0) sb.Append($"\n  missing in file ({missing.Count}): {string.Join(", ", missing)}");
        if (unexpected.Count > 0) sb.Append($"\n  not in module ({unexpected.Count}): {string.Join(", ", unexpected)}");
        foreach (var (n, e, f) in wrongShape) sb.Append($"\n  shape of {n}: module {S(e)}, file {S(f)}");
        sb.Append("\n  Fix: build the same architecture the file was saved from, or skip differing layers (e.g. the head) with skipPrefixes.");
        return sb.ToString();
    }
}
