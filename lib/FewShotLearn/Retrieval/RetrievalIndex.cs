using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using TorchSharp;
using static TorchSharp.torch;
using FewShotLearn.Data;
using FewShotLearn.Evaluation;

namespace FewShotLearn.Retrieval;

/// <summary>
/// The image database of the retrieval apparatus: L2-normalised embeddings with labels, class names, optional file paths,
/// free-form metadata and the fingerprint of the model that made them. Exact k-nearest-neighbour search (Euclidean) in
/// batches on the embeddings' device; a versioned binary file format written atomically.
/// </summary>
public sealed class RetrievalIndex : IDisposable
{
    /// <summary>File magic bytes.</summary>
    public static readonly byte[] Magic = "FSLINDEX"u8.ToArray();

    /// <summary>Current file format version.</summary>
    public const int FormatVersion = 1;

    /// <summary>Creates an index. <paramref name="embeddings"/> [N, D] float32 stay on their device and are owned by the index.</summary>
    public RetrievalIndex(Tensor embeddings, IReadOnlyList<long> labels, IReadOnlyList<string> classNames, string fingerprint,
        IReadOnlyList<string>? paths = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (embeddings.dim() != 2) throw new ArgumentException($"Embeddings must be [N, D]; got [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        if (embeddings.shape[0] != labels.Count) throw new ArgumentException($"{embeddings.shape[0]} embeddings but {labels.Count} labels.", nameof(labels));
        if (paths is not null && paths.Count != labels.Count) throw new ArgumentException($"{labels.Count} entries but {paths.Count} paths.", nameof(paths));
        var bad = labels.FirstOrDefault(l => l < 0 || l >= classNames.Count, -1);
        if (bad != -1) throw new ArgumentException($"Label {bad} is outside the {classNames.Count} class names.", nameof(labels));
        Embeddings = embeddings.dtype == ScalarType.Float32 ? embeddings : embeddings.to_type(ScalarType.Float32);
        Labels = labels.ToArray();
        ClassNames = classNames.ToArray();
        Fingerprint = fingerprint;
        Paths = paths?.ToArray();
        Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
    }

    /// <summary>[N, D] float32 embeddings.</summary>
    public Tensor Embeddings { get; }

    /// <summary>Label of each entry.</summary>
    public long[] Labels { get; }

    /// <summary>Name of each label.</summary>
    public string[] ClassNames { get; }

    /// <summary>Fingerprint of the model that produced the embeddings (see <c>EmbeddingNet.Fingerprint</c>).</summary>
    public string Fingerprint { get; }

    /// <summary>File path of each entry, when the database came from image files.</summary>
    public string[]? Paths { get; }

    /// <summary>Free-form metadata (source data set, image size, architecture...).</summary>
    public Dictionary<string, string> Metadata { get; }

    Tensor? squaredNorms;

    /// <summary>||e||^2 of every entry as [1, N], computed once.</summary>
    Tensor SquaredNorms
    {
        get
        {
            if (squaredNorms is null)
            {
                using var scope = NewDisposeScope();
                squaredNorms = Embeddings.detach().pow(2).sum(1).unsqueeze(0).DetachFromDisposeScope(); // owned by the index
            }
            return squaredNorms;
        }
    }

    /// <summary>Number of entries.</summary>
    public int Count => Labels.Length;

    /// <summary>Embedding dimension.</summary>
    public int Dimension => (int)Embeddings.shape[1];

    /// <summary>The device the embeddings (and the search) live on.</summary>
    public Device Device => Embeddings.device;

    /// <summary>
    /// Exact k nearest entries of each query [Q, D] by Euclidean distance, nearest first: (indices [Q, k] int64, distances
    /// [Q, k] float32), on the index's device. <paramref name="exclude"/>[q], when given and >= 0, is a database index that
    /// query q must not retrieve (itself, when the queries are the database). Work is tiled: batches of up to
    /// <paramref name="queryBatch"/> queries against chunks of the database, so that one distance block holds about
    /// <paramref name="blockElements"/> floats; each chunk's top k is merged into a running top k.
    /// </summary>
    public (Tensor Indices, Tensor Distances) Search(Tensor queries, int k, IReadOnlyList<long>? exclude = null, long blockElements = 1L << 22, int queryBatch = 1024)
    {
        if (queries.dim() == 1) queries = queries.unsqueeze(0);
        if (queries.dim() != 2 || queries.shape[1] != Dimension)
            throw new ArgumentException($"Queries must be [Q, {Dimension}]; got [{string.Join(", ", queries.shape)}]. Embed them with the model that built the index.");
        var available = Count - (exclude is null ? 0 : 1);
        if (k < 1 || k > available)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {available} (the index holds {Count} entries).");
        if (exclude is not null && exclude.Count != queries.shape[0])
            throw new ArgumentException($"exclude has {exclude.Count} entries for {queries.shape[0]} queries.", nameof(exclude));
        if (queryBatch < 1) throw new ArgumentOutOfRangeException(nameof(queryBatch), queryBatch, "The query batch must be at least 1.");
        var q = queries.shape[0];
        var batch = (int)Math.Min(queryBatch, Math.Max(1, q));
        var chunk = (int)Math.Clamp(blockElements / batch, Math.Min(Count, k), Count);
        var norms = SquaredNorms;
        var idxParts = new List<Tensor>();
        var distParts = new List<Tensor>();
        using (no_grad())
        {
            for (long start = 0; start < q; start += batch)
            {
                using var scope = NewDisposeScope();
                var len = (int)Math.Min(batch, q - start);
                var qb = queries.narrow(0, start, len).to(Device).to_type(ScalarType.Float32);
                Tensor? bestD = null, bestI = null;
                for (var c0 = 0; c0 < Count; c0 += chunk)
                {
                    var clen = Math.Min(chunk, Count - c0);
                    // ||q - e||^2 = ||q||^2 + (||e||^2 - 2 q.e): the bracket in one fused addmm; ||q||^2 does not change
                    // the ranking, so it is added to the k survivors only.
                    var d2 = addmm(norms.narrow(1, c0, clen), qb, Embeddings.narrow(0, c0, clen).t(), beta: 1, alpha: -2);
                    if (exclude is not null)
                    {
                        var rows = new List<long>(); var cols = new List<long>();
                        for (var i = 0; i < len; i++)
                        {
                            var e = exclude[(int)(start + i)];
                            if (e >= c0 && e < c0 + clen) { rows.Add(i); cols.Add(e - c0); }
                        }
                        if (rows.Count > 0)
                            d2.index_put_(float.PositiveInfinity, tensor(rows.ToArray(), device: Device), tensor(cols.ToArray(), device: Device));
                    }
                    var (v, ix) = d2.topk(Math.Min(k, clen), dim: 1, largest: false, sorted: true);
                    ix = ix + c0;
                    if (bestD is null) { bestD = v; bestI = ix; continue; }
                    var (mv, mpos) = cat([bestD, v], 1).topk(k, dim: 1, largest: false, sorted: true);
                    bestI = cat([bestI!, ix], 1).gather(1, mpos);
                    bestD = mv;
                }
                distParts.Add((bestD!.narrow(1, 0, k) + qb.pow(2).sum(1, keepdim: true)).clamp_min(0).sqrt().MoveToOuterDisposeScope());
                idxParts.Add(bestI!.narrow(1, 0, k).MoveToOuterDisposeScope());
            }
        }
        var indices = cat(idxParts, 0);
        var distances = cat(distParts, 0);
        foreach (var t in idxParts.Concat(distParts)) t.Dispose();
        return (indices, distances);
    }

    /// <summary>The top-k of one query embedding [D] or [1, D] as ranked results (labels, class names, paths).</summary>
    public RankedResult[] SearchOne(Tensor query, int k, long exclude = -1)
    {
        var (idx, dist) = Search(query.dim() == 1 ? query.unsqueeze(0) : query, k, exclude >= 0 ? [exclude] : null);
        using (idx) using (dist) return Describe(idx[0], dist[0]);
    }

    /// <summary>Turns one row of <see cref="Search"/> output into ranked results.</summary>
    public RankedResult[] Describe(Tensor indicesRow, Tensor distancesRow)
    {
        var idx = indicesRow.cpu().data<long>().ToArray();
        var dist = distancesRow.cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        return idx.Select((ix, r) => new RankedResult(r + 1, ix, Labels[ix], ClassNames[Labels[ix]], dist[r], Paths?[ix])).ToArray();
    }

    /// <summary>
    /// Writes the index atomically (temp file + move): magic "FSLINDEX", int32 format version, int32 header length, UTF-8
    /// JSON header (count, dimension, fingerprint, class names, labels, paths, metadata, SHA-256 of the payload), then the
    /// float32 embeddings row by row, little-endian.
    /// </summary>
    public void Save(string path)
    {
        using var cpu = Embeddings.detach().to(CPU).contiguous();
        var payload = cpu.bytes.ToArray();
        var header = new JsonObject
        {
            ["format"] = "fewshot-retrieval-index",
            ["formatVersion"] = FormatVersion,
            ["count"] = Count,
            ["dimension"] = Dimension,
            ["fingerprint"] = Fingerprint,
            ["payloadSha256"] = Convert.ToHexString(SHA256.HashData(payload)),
            ["classNames"] = new JsonArray(ClassNames.Select(c => (JsonNode?)c).ToArray()),
            ["labels"] = new JsonArray(Labels.Select(l => (JsonNode?)l).ToArray()),
            ["paths"] = Paths is null ? null : new JsonArray(Paths.Select(p => (JsonNode?)p).ToArray()),
            ["metadata"] = new JsonObject(Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        VersionedFile.Write(path, Magic, FormatVersion, header, w => w.Write(payload));
    }

    /// <summary>
    /// Reads an index written by <see cref="Save"/> onto <paramref name="device"/>. With <paramref name="expectedFingerprint"/>
    /// (the fingerprint of the model about to embed the queries), refuses an index built by another model.
    /// Refuses foreign, truncated, corrupt and unknown-version files with a clear message.
    /// </summary>
    public static RetrievalIndex Load(string path, string? expectedFingerprint = null, Device? device = null)
    {
        const string remedy = "Build it with `fewshot index --data <data> --model <checkpoint> --out <file>`.";
        using var file = VersionedFile.Open(path, Magic, FormatVersion, "FewShotLearn retrieval index", remedy);
        var header = file.Header;
        var r = file.Payload;
        var stream = r.BaseStream;
        string Corrupt(string why) => $"The FewShotLearn retrieval index '{path}' is truncated or corrupt ({why}). {remedy}";
        try
        {
            var count = header["count"]!.GetValue<int>();
            var dim = header["dimension"]!.GetValue<int>();
            var fingerprint = header["fingerprint"]!.GetValue<string>();
            if (expectedFingerprint is not null && expectedFingerprint != fingerprint)
                throw new InvalidDataException($"Index '{path}' was built by model {fingerprint}, but the model given has fingerprint {expectedFingerprint}: " +
                    "its embeddings are not comparable. Rebuild the index with this model: `fewshot index --data <data> --model <checkpoint> --out " + path + "`.");
            var bytesNeeded = (long)count * dim * sizeof(float);
            if (stream.Length - stream.Position != bytesNeeded)
                throw new InvalidDataException(Corrupt($"expected {bytesNeeded} bytes of embeddings, found {stream.Length - stream.Position}"));
            var payload = r.ReadBytes((int)bytesNeeded);
            if (Convert.ToHexString(SHA256.HashData(payload)) != header["payloadSha256"]!.GetValue<string>())
                throw new InvalidDataException(Corrupt("checksum mismatch"));
            var classNames = header["classNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            var labels = header["labels"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
            var paths = header["paths"] is JsonArray pa ? pa.Select(n => n!.GetValue<string>()).ToArray() : null;
            var metadata = header["metadata"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "");
            var floats = new float[(long)count * dim];
            Buffer.BlockCopy(payload, 0, floats, 0, payload.Length);
            var emb = tensor(floats, new long[] { count, dim }, device: device ?? Devices.Default);
            return new RetrievalIndex(emb, labels, classNames, fingerprint, paths, metadata);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException(Corrupt(e.Message), e);
        }
    }

    /// <inheritdoc />
    public void Dispose() { squaredNorms?.Dispose(); Embeddings.Dispose(); }

    /// <inheritdoc />
    public override string ToString() => $"RetrievalIndex: {Count} x {Dimension}, {ClassNames.Length} classes, model {Fingerprint}, on {Device}";
}
