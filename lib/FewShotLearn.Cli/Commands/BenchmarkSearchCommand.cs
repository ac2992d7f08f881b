using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FewShotLearn.Data;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot benchmark search</c>: throughput (queries/s) and memory of exact k-NN search over random L2-normalised embeddings.</summary>
public static class BenchmarkSearchCommand
{
    /// <summary>Creates the <c>search</c> benchmark.</summary>
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Database sizes, comma-separated.", DefaultValueFactory = _ => "10000,100000,1000000" };
        var dim = new Option<int>("--dim") { Description = "Embedding dimension.", DefaultValueFactory = _ => 64 };
        var queries = new Option<int>("--queries") { Description = "Queries per size (searched in batches).", DefaultValueFactory = _ => 1000 };
        var k = new Option<int>("-k") { Description = "Neighbours per query.", DefaultValueFactory = _ => 10 };
        var block = new Option<long>("--block-elements") { Description = "Distance-block size in floats (database chunk = this / query batch).", DefaultValueFactory = _ => 1L << 22 };
        var qbatch = new Option<int>("--query-batch") { Description = "Queries searched together.", DefaultValueFactory = _ => 256 };
        var device = CommonOptions.Device();
        var seed = CommonOptions.Seed();
        var search = new Command("search", "Exact nearest-neighbour search: queries/s and memory for databases of random 64-d unit vectors.") { sizes, dim, queries, k, block, qbatch, device, seed };
        search.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            Seeding.Seed(parse.GetValue(seed));
            var d = parse.GetValue(dim);
            var q = parse.GetValue(queries);
            var kk = parse.GetValue(k);
            var blockElements = parse.GetValue(block);
            Console.WriteLine($"Exact search (RetrievalIndex.Search), random L2-normalised embeddings; device {dev}, {torch.get_num_threads()} threads.");
            foreach (var n in parse.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse))
            {
                var r = Run(n, d, q, kk, blockElements, parse.GetValue(qbatch), dev);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"database {n,9:N0} x {d}: {q} queries (k={kk}, batches of {r.Batch}) in {r.Seconds:F3} s = {r.QueriesPerSecond,10:N0} queries/s; " +
                    $"index {Mib(r.IndexBytes)} MiB, distance block {Mib(r.BlockBytes)} MiB, process peak {Mib(r.PeakProcessBytes)} MiB"));
            }
            return 0;
        });
        return search;
    }

    static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>Times <see cref="RetrievalIndex.Search"/> for one database size (after a warm-up batch).</summary>
    public static (double Seconds, double QueriesPerSecond, int Batch, long IndexBytes, long BlockBytes, long PeakProcessBytes) Run(int n, int dim, int queries, int k, long blockElements, int queryBatch, Device device)
    {
        Tensor db;
        using (NewDisposeScope())
            db = nn.functional.normalize(randn(n, dim, device: device), p: 2, dim: 1).MoveToOuterDisposeScope();
        using var index = new RetrievalIndex(db, new long[n], ["random"], "benchmark");
        using var qs = nn.functional.normalize(randn(queries, dim, device: device), p: 2, dim: 1);
        var batch = Math.Min(queryBatch, queries);
        var chunk = Math.Clamp(blockElements / batch, Math.Min(n, k), n);
        using (var warm = qs.narrow(0, 0, Math.Min(queries, batch)))
        {
            var (wi, wd) = index.Search(warm, k, blockElements: blockElements, queryBatch: queryBatch);
            using (wi) using (wd) using (wi.cpu()) { }
        }
        var sw = Stopwatch.StartNew();
        var (idx, dist) = index.Search(qs, k, blockElements: blockElements, queryBatch: queryBatch);
        using (idx) using (dist) using (idx.cpu()) { }
        sw.Stop();
        var s = sw.Elapsed.TotalSeconds;
        return (s, queries / s, batch, (long)n * dim * sizeof(float), (long)batch * chunk * sizeof(float), Process.GetCurrentProcess().PeakWorkingSet64);
    }
}
