namespace FewShotLearn.Retrieval;

/// <summary>Embeds image sets with an <see cref="EmbeddingNet"/> in batches on a device, without gradients (eval mode).</summary>
public static class Embedder
{
    /// <summary>
    /// Embeddings [N, D] of images [N, C, H, W], computed in batches on <paramref name="device"/> (default: the network's
    /// device) and returned there. <paramref name="progress"/> gets (images done, total) after each batch.
    /// </summary>
    public static Tensor Embed(EmbeddingNet net, Tensor images, int batchSize = 256, Device? device = null, Action<long, long>? progress = null) =>
        Embed(net, net.forward, images, net.EmbeddingDim, batchSize, device ?? net.Device, progress);

    /// <summary>
    /// The one batched embedder: <paramref name="forward"/> of <paramref name="module"/> over <paramref name="images"/> in chunks of
    /// <paramref name="batchSize"/>, without gradients, with the module in evaluation mode (batch norm uses running statistics,
    /// so an image's embedding does not depend on its batch); the module's mode is restored afterwards. Chunks are moved to
    /// <paramref name="device"/> (default: where the images are) and the result stays there.
    /// </summary>
    public static Tensor Embed(nn.Module module, Func<Tensor, Tensor> forward, Tensor images, int embeddingDim, int batchSize = 256,
        Device? device = null, Action<long, long>? progress = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be at least 1.");
        device ??= images.device;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var n = images.shape[0];
            if (n == 0) return zeros(0, embeddingDim, device: device);
            var parts = new List<Tensor>();
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var x = images.narrow(0, start, Math.Min(batchSize, n - start)).to(device);
                parts.Add(forward(x).detach().MoveToOuterDisposeScope());
                progress?.Invoke(Math.Min(n, start + batchSize), n);
            }
            if (parts.Count == 1) return parts[0];
            var all = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            return all;
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary>Embeddings [N, D] of a labelled image set.</summary>
    public static Tensor Embed(EmbeddingNet net, LabeledImages data, int batchSize = 256, Device? device = null, Action<long, long>? progress = null) =>
        Embed(net, data.Images, batchSize, device, progress);

    /// <summary>
    /// Embeds a labelled image set into a new <see cref="RetrievalIndex"/> stamped with the network's fingerprint, the
    /// images' shape and content hash (<see cref="RetrievalIndex.ContentHash"/>) and, when <paramref name="paths"/> are
    /// given, a record of each file (length, time, SHA-256) so later searches notice files that changed.
    /// </summary>
    public static RetrievalIndex BuildIndex(EmbeddingNet net, LabeledImages data, IReadOnlyList<string>? paths = null,
        IReadOnlyDictionary<string, string>? metadata = null, int batchSize = 256, Device? device = null, Action<long, long>? progress = null)
    {
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["architecture"] = net.Config.Architecture,
        };
        meta.TryAdd("source", data.Name);
        var files = paths?.Select(IndexedFile.Of).ToArray();   // read before embedding: a file that changes later is noticed
        var hash = RetrievalIndex.ContentHash(data);
        var embeddings = Embed(net, data, batchSize, device, progress);
        try
        {
            return new RetrievalIndex(embeddings, data.Labels, data.ClassNames, net.Fingerprint(), paths, meta,
                new ImageShape(data.Channels, data.Height, data.Width), hash, files);
        }
        catch
        {
            embeddings.Dispose();
            throw;
        }
    }
}
