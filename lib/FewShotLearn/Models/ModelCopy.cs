namespace FewShotLearn.Models;

/// <summary>Deep copies of networks: same architecture, weights and running statistics, same device and mode.</summary>
public static class ModelCopy
{
    /// <summary>A new <see cref="EmbeddingNet"/> with <paramref name="net"/>'s configuration, state (weights and batch-norm statistics) and mode.</summary>
    public static EmbeddingNet Copy(EmbeddingNet net)
    {
        var copy = new EmbeddingNet(net.Config, net.Device);
        CopyState(net, copy);
        copy.train(net.training);
        return copy;
    }

    /// <summary>Copies every entry of <paramref name="from"/>'s state dictionary into the entry of the same name of <paramref name="to"/>.</summary>
    public static void CopyState(nn.Module from, nn.Module to)
    {
        using var noGrad = torch.no_grad();
        var source = from.state_dict();
        foreach (var (name, t) in to.state_dict())
        {
            if (!source.TryGetValue(name, out var value))
                throw new ArgumentException($"The source network has no state entry '{name}'; copy between networks of the same architecture.");
            t.copy_(value);
        }
    }
}
