using System.Text.Json;

namespace FewShotLearn.Models;

/// <summary>The architecture of an <see cref="EmbeddingNet"/>: input channels and the output channels of each conv block.</summary>
public sealed record EmbeddingNetConfig(int InChannels, int[] Channels)
{
    /// <summary>The Conv-4 backbone of few-shot learning: four blocks of 64 channels (64-d embeddings).</summary>
    public static EmbeddingNetConfig Default(int inChannels = 1) => new(inChannels, [64, 64, 64, 64]);

    /// <summary>Embedding dimension: the channels of the last block.</summary>
    public int EmbeddingDim => Channels[^1];

    /// <summary>A canonical one-line description, part of the model fingerprint (e.g. "EmbeddingNet(in=1, blocks=[64,64])").</summary>
    public string Architecture => $"EmbeddingNet(in={InChannels}, blocks=[{string.Join(",", Channels)}], conv3x3-bn-relu-maxpool2, gap, l2)";

    /// <summary>Throws when the configuration is unusable.</summary>
    public void Validate()
    {
        if (InChannels < 1) throw new ArgumentException($"Input channels must be at least 1; got {InChannels}.");
        if (Channels is null || Channels.Length == 0) throw new ArgumentException("An EmbeddingNet needs at least one conv block (e.g. [64, 64, 64, 64]).");
        if (Channels.Any(c => c < 1)) throw new ArgumentException($"Every block needs at least 1 channel; got [{string.Join(", ", Channels)}].");
    }

    internal string ToJson() => JsonSerializer.Serialize(this);
    internal static EmbeddingNetConfig FromJson(string json) =>
        JsonSerializer.Deserialize<EmbeddingNetConfig>(json) ?? throw new InvalidDataException("Empty EmbeddingNet configuration.");
}
