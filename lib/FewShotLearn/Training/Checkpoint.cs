using System.Text.Json;
using System.Text.Json.Serialization;

namespace FewShotLearn.Training;

/// <summary>The JSON header stored in front of a checkpoint's weights.</summary>
public sealed record CheckpointHeader
{
    /// <summary>Layout version of the file; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = Checkpoint.CurrentFormatVersion;

    /// <summary>The model's type name (checked on load).</summary>
    public string Model { get; init; } = "";

    /// <summary>Free-form description of the architecture (e.g. channels), for the reader.</summary>
    public Dictionary<string, string> Config { get; init; } = new();

    /// <summary>Epochs trained when saved.</summary>
    public int Epoch { get; init; }

    /// <summary>Test accuracy when saved, if known.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>When it was written (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
}

/// <summary>
/// Model checkpoints: a <see cref="VersionedFile"/> (magic "FSLCKPT\n", format version, JSON <see cref="CheckpointHeader"/>,
/// TorchSharp's weights, SHA-256 trailer). Loading verifies the checksum, requires every header field and checks the
/// weights' layout against the model before anything is allocated (<see cref="ModuleWeights"/>). Written with <see cref="AtomicFile"/> (temporary file beside the target, then one move), so a crash never
/// leaves a half-written checkpoint.
/// </summary>
public static class Checkpoint
{
    /// <summary>The format version written by this code (2: whole-file SHA-256 trailer; version 1 files are refused with a message).</summary>
    public const int CurrentFormatVersion = 2;

    static readonly byte[] Magic = "FSLCKPT\n"u8.ToArray();
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Saves the model's weights with a header, atomically.</summary>
    public static void Save(string path, nn.Module model, CheckpointHeader header) =>
        Save(path, header with { Model = string.IsNullOrEmpty(header.Model) ? model.GetType().Name : header.Model, FormatVersion = CurrentFormatVersion },
            w => model.save(w));

    internal static void Save(string path, CheckpointHeader header, Action<BinaryWriter> writeWeights) =>
        VersionedFile.Write(path, Magic, header.FormatVersion, JsonSerializer.SerializeToNode(header, Json)!, writeWeights);

    /// <summary>Reads only the header (cheap; checks magic and version).</summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var file = Open(path);
        return Header(file, path);
    }

    /// <summary>Loads weights into <paramref name="model"/> (same architecture) and returns the header.</summary>
    public static CheckpointHeader Load(string path, nn.Module model)
    {
        using var file = Open(path);
        var header = Header(file, path);
        if (header.Model != model.GetType().Name)
            throw new InvalidDataException($"Checkpoint '{path}' holds a {header.Model}, not a {model.GetType().Name}.");
        try { ModuleWeights.Load(file, model); }
        catch (InvalidDataException e) when (e.Message.Contains("does not fit"))
        {
            throw new InvalidDataException($"{e.Message} (its settings: {string.Join(", ", header.Config.Select(kv => kv.Key + "=" + kv.Value))})", e);
        }
        return header;
    }

    static VersionedFileReader Open(string path) =>
        VersionedFile.Open(path, Magic, CurrentFormatVersion, "FewShotLearn checkpoint", $"Train one first (e.g. fewshot train-cnn --checkpoint {path}).");

    static readonly string[] RequiredFields = ["FormatVersion", "Model", "Config", "Epoch", "CreatedUtc"];

    static CheckpointHeader Header(VersionedFileReader file, string path)
    {
        foreach (var field in RequiredFields) file.RequiredNode(field);
        try
        {
            var header = file.Header.Deserialize<CheckpointHeader>(Json) ?? throw file.Corrupt("empty header");
            if (header.FormatVersion != CurrentFormatVersion) throw file.Corrupt($"its header says format version {header.FormatVersion}");
            if (string.IsNullOrEmpty(header.Model) || header.Config is null) throw file.Corrupt("empty model name or configuration");
            return header;
        }
        catch (JsonException e) { throw file.Corrupt("unreadable header: " + e.Message, e); }
    }
}
