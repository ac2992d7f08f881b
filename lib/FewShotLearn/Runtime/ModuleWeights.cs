namespace FewShotLearn.Runtime;

/// <summary>
/// Reads TorchSharp's module weights (the <c>Module.save</c> layout: LEB128 entry count, then per entry a length-prefixed
/// UTF-8 name, LEB128 dtype, rank and dimensions, and the raw element bytes) from a versioned file's payload, after checking
/// the whole layout against the module: the same entries, each with the module's dtype and shape, and nothing after the
/// last one. Every count and size read from the file is bounded by the module and by the bytes present before TorchSharp
/// allocates anything, so a crafted file cannot ask for a huge tensor.
/// </summary>
public static class ModuleWeights
{
    /// <summary>Checks the payload against <paramref name="module"/>'s state dict, then loads it, then checks the payload was consumed.</summary>
    public static void Load(VersionedFileReader file, nn.Module module)
    {
        Check(file, module);
        file.RewindPayload();
        try { module.load(file.Payload); }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw file.Corrupt($"its weights do not load ({e.Message})", e);
        }
        file.EnsureConsumed();
    }

    /// <summary>Walks the payload without allocating tensors; throws a message naming the file and the first mismatch.</summary>
    public static void Check(VersionedFileReader file, nn.Module module)
    {
        var expected = module.state_dict();
        file.RewindPayload();
        var r = file.Payload;
        var stream = r.BaseStream;
        var count = Decode(file, "entry count");
        if (count != expected.Count)
            throw Mismatch(file, $"it holds {count} weight tensors; the model has {expected.Count}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var nameLength = (int)Decode(file, "name length");
            if (nameLength > 4096 || nameLength > file.PayloadRemaining) throw file.Corrupt($"weight name {i} claims {nameLength} bytes");
            var nameBytes = new byte[nameLength];
            file.ReadExactly(nameBytes);
            var name = Encoding.UTF8.GetString(nameBytes);
            if (!expected.TryGetValue(name, out var target))
                throw Mismatch(file, $"it holds a weight '{name}' the model does not have");
            if (!seen.Add(name)) throw file.Corrupt($"weight '{name}' occurs twice");
            var dtype = Decode(file, $"dtype of '{name}'");
            if (dtype != (long)target.dtype)
                throw Mismatch(file, $"weight '{name}' has dtype {dtype}; the model's is {target.dtype}");
            var rank = Decode(file, $"rank of '{name}'");
            if (rank != target.dim())
                throw Mismatch(file, $"weight '{name}' has rank {rank}; the model's has rank {target.dim()}");
            var shape = new long[rank];
            for (var d = 0; d < rank; d++) shape[d] = Decode(file, $"shape of '{name}'");
            if (!shape.SequenceEqual(target.shape))
                throw Mismatch(file, $"weight '{name}' has shape [{string.Join(", ", shape)}]; the model's is [{string.Join(", ", target.shape)}]");
            var bytes = target.numel() * target.ElementSize;
            if (bytes > file.PayloadRemaining) throw file.Corrupt($"weight '{name}' needs {bytes} bytes, {file.PayloadRemaining} are left");
            stream.Seek(bytes, SeekOrigin.Current);
        }
        file.EnsureConsumed();
    }

    static InvalidDataException Mismatch(VersionedFileReader file, string why) =>
        new($"The {file.Kind} '{file.Path}' does not fit this model: {why}. Was it saved with other settings? {file.Remedy}");

    /// <summary>An unsigned LEB128 value (at most 9 bytes, so it stays a non-negative long).</summary>
    static long Decode(VersionedFileReader file, string what)
    {
        long value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = file.Payload.BaseStream.ReadByte();
            if (b < 0) throw file.Corrupt($"the payload ends inside the {what}");
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw file.Corrupt($"the {what} is not a valid count");
    }
}
