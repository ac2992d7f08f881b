using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;

namespace FewShotLearn.Models;

/// <summary>
/// The retrieval backbone (patent paragraph 0027): conv3x3-batchnorm-relu-maxpool blocks -> feature map -> global average
/// pooling -> L2 normalisation. Every forward pass runs through <see cref="ForwardWith"/>, which takes the parameters as an
/// explicit dictionary, so MAML can evaluate the network with adapted (non-leaf) weights.
/// Batch norm uses batch statistics in training mode (updating running statistics) and running statistics in eval mode.
/// </summary>
public sealed class EmbeddingNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Checkpoint magic bytes.</summary>
    public static readonly byte[] Magic = "FSLEMBNT"u8.ToArray();

    /// <summary>Current checkpoint format version (2: whole-file SHA-256 trailer; version 1 files are refused with a message).</summary>
    public const int FormatVersion = 2;

    readonly ModuleList<ConvBlock> blocks;

    /// <summary>Builds a randomly initialised network on <paramref name="device"/> (default <see cref="Devices.Default"/>).</summary>
    public EmbeddingNet(EmbeddingNetConfig config, Device? device = null) : base("EmbeddingNet")
    {
        config.Validate();
        Config = config;
        blocks = new ModuleList<ConvBlock>();
        var cin = config.InChannels;
        foreach (var cout in config.Channels)
        {
            blocks.Add(new ConvBlock(cin, cout));
            cin = cout;
        }
        RegisterComponents();
        this.to(device ?? Devices.Default);
    }

    /// <summary>Convenience constructor: <paramref name="inChannels"/> and the channels of each block.</summary>
    public EmbeddingNet(int inChannels = 1, int[]? channels = null, Device? device = null)
        : this(new EmbeddingNetConfig(inChannels, channels ?? [64, 64, 64, 64]), device) { }

    /// <summary>The architecture.</summary>
    public EmbeddingNetConfig Config { get; }

    /// <summary>Embedding dimension (channels of the last block).</summary>
    public int EmbeddingDim => Config.EmbeddingDim;

    /// <summary>The device of the parameters.</summary>
    public Device Device => parameters().First().device;

    /// <summary>Embeds images [B, C, H, W] into unit vectors [B, EmbeddingDim] with the module's own parameters.</summary>
    public override Tensor forward(Tensor x) => ForwardWith(x, Parameters());

    /// <summary>The parameters by name (e.g. "blocks.0.conv.weight"), the dictionary <see cref="ForwardWith"/> expects.</summary>
    public Dictionary<string, Tensor> Parameters() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    /// <summary>
    /// Functional forward with explicit parameter tensors (same names as <see cref="Parameters"/>): used for MAML inner loops
    /// where the weights are differentiable functions of the initialisation. Running statistics are the module's buffers.
    /// </summary>
    public Tensor ForwardWith(Tensor x, IReadOnlyDictionary<string, Tensor> parameters)
    {
        if (x.dim() != 4 || x.shape[1] != Config.InChannels)
            throw new ArgumentException($"EmbeddingNet expects images [B, {Config.InChannels}, H, W]; got [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        var h = x;
        for (var i = 0; i < blocks.Count; i++)
            h = blocks[i].ForwardWith(h, $"blocks.{i}.", name => Get(parameters, name), training);
        h = h.mean([2, 3]);
        return nn.functional.normalize(h, p: 2, dim: 1, eps: 1e-12).MoveToOuterDisposeScope();
    }

    static Tensor Get(IReadOnlyDictionary<string, Tensor> p, string name) =>
        p.TryGetValue(name, out var t) ? t : throw new ArgumentException($"Parameter '{name}' is missing from the dictionary given to ForwardWith; " +
            "pass EmbeddingNet.Parameters() or a dictionary with the same names.");

    /// <summary>
    /// A short hash (16 hex digits) of the architecture string and every parameter and buffer value: two networks that
    /// embed differently have different fingerprints. Retrieval indexes record it.
    /// </summary>
    public string Fingerprint()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(Config.Architecture));
        using var noGrad = no_grad();
        foreach (var (name, t) in state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            using var cpu = t.detach().to(CPU).contiguous();
            sha.AppendData(cpu.bytes);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>
    /// Saves a versioned checkpoint atomically: magic "FSLEMBNT", int32 format version, int32 header length, a UTF-8 JSON
    /// header (format, architecture, config, fingerprint, free-form metadata) and then the TorchSharp state dict.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject
        {
            ["format"] = "fewshot-embeddingnet",
            ["formatVersion"] = FormatVersion,
            ["architecture"] = Config.Architecture,
            ["config"] = JsonNode.Parse(Config.ToJson()),
            ["fingerprint"] = Fingerprint(),
            ["metadata"] = new JsonObject((metadata ?? new Dictionary<string, string>()).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        VersionedFile.Write(path, Magic, FormatVersion, header, w => save(w));
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/> onto <paramref name="device"/>; refuses other files with a clear error.</summary>
    public static EmbeddingNet Load(string path, Device? device = null) => Load(path, out _, device);

    /// <summary>
    /// Loads a checkpoint and also returns its metadata. The file's checksum is verified, every header field is required,
    /// the architecture in the header is bounded by the bytes of weights actually present before the network is built,
    /// the weights' layout is checked against that network (<see cref="ModuleWeights"/>), and the loaded weights must
    /// reproduce the header's fingerprint.
    /// </summary>
    public static EmbeddingNet Load(string path, out IReadOnlyDictionary<string, string> metadata, Device? device = null)
    {
        using var file = VersionedFile.Open(path, Magic, FormatVersion, "EmbeddingNet checkpoint",
            "Train one with `fewshot pretrain` / `fewshot metric-train`, or save it with EmbeddingNet.Save.");
        EmbeddingNetConfig config;
        try { config = EmbeddingNetConfig.FromJson(file.RequiredObject("config").ToJsonString()); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw file.Corrupt($"unreadable architecture: {e.Message}", e);
        }
        try { config.Validate(); }
        catch (ArgumentException e) { throw file.Corrupt($"invalid architecture: {e.Message}", e); }
        if (config.InChannels > MaxChannels || config.Channels.Length > MaxBlocks || config.Channels.Any(c => c > MaxChannels))
            throw file.Corrupt($"architecture {config.Architecture} exceeds {MaxBlocks} blocks of {MaxChannels} channels");
        // The conv weights alone are sum(cin * cout * 9) floats: they must be in the file before the network is built.
        double weightBytes = 0;
        var cin = config.InChannels;
        foreach (var cout in config.Channels) { weightBytes += 4.0 * cin * cout * 9; cin = cout; }
        if (weightBytes > file.PayloadLength)
            throw file.Corrupt($"its header describes {config.Architecture}, whose weights need {weightBytes:F0} bytes, but the file holds {file.PayloadLength}");
        var expected = file.Required<string>("fingerprint");
        var metaNode = file.RequiredObject("metadata");
        var architecture = file.Required<string>("architecture");
        if (architecture != config.Architecture) throw file.Corrupt($"its architecture '{architecture}' disagrees with its configuration {config.Architecture}");
        var net = new EmbeddingNet(config, CPU);
        try
        {
            ModuleWeights.Load(file, net);
            if (expected != net.Fingerprint())
                throw file.Corrupt("its weights do not match the fingerprint in its header");
            metadata = metaNode.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text
                : throw file.Corrupt($"metadata '{kv.Key}' is not a string"));
            net.to(device ?? Devices.Default);
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Largest channel count and block count accepted from a checkpoint header.</summary>
    public const int MaxChannels = 4096, MaxBlocks = 16;
}
