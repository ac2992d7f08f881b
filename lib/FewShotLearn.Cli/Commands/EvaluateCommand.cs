using System.CommandLine;
using FewShotLearn.Models;
using FewShotLearn.Data;
using FewShotLearn.Evaluation;
using FewShotLearn.Retrieval;
using FewShotLearn.Runtime;
using FewShotLearn.Runtime.Native;
using Spectre.Console;
using static TorchSharp.torch;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot evaluate</c>: retrieval quality of an index for a labelled query set (precision@1, @k, R-precision, mAP@R, recall@k).</summary>
public static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var indexOpt = new Option<string>("--index") { Description = "Index file written by `fewshot index`.", Required = true };
        var model = new Option<string>("--model") { Description = "The EmbeddingNet checkpoint the index was built with.", Required = true };
        var queries = new Option<string>("--queries") { Description = "Labelled queries (same forms as --data of `fewshot index`); the same data as the index means leave-one-out.", Required = true };
        var k = new Option<int>("-k") { Description = "Cut-off of precision@k and recall@k.", DefaultValueFactory = _ => 5 };
        var device = CommonOptions.Device();
        var cmd = new Command("evaluate", "Score retrieval on a labelled query set: precision@1, precision@k, R-precision, mAP@R, recall@k.") { indexOpt, model, queries, k, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            using var net = EmbeddingNet.Load(parse.GetValue(model)!, dev);
            using var index = RetrievalIndex.Load(parse.GetValue(indexOpt)!, net.Fingerprint(), dev);
            var spec = parse.GetValue(queries)!;
            var size = int.TryParse(index.Metadata.GetValueOrDefault("imageHeight"), out var h) ? h : 28;
            var (set, _) = DataSpec.Load(spec, dev, net.Config.InChannels, size);
            using (set)
            {
                var indexSpec = index.Metadata.GetValueOrDefault("dataSpec");
                var same = indexSpec is not null && (indexSpec == spec || (Directory.Exists(spec) && indexSpec == Path.GetFullPath(spec)));
                // Match classes by name: query label -> index label (-1 when the class is absent from the database).
                var map = index.ClassNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i);
                var labels = set.Labels.Select(l => map.GetValueOrDefault(set.ClassNames[(int)l], -1)).ToArray();
                using var emb = Embedder.Embed(net, set);
                var scores = RetrievalMetrics.Evaluate(index, emb, labels, parse.GetValue(k), queriesAreDatabase: same);
                var table = new Table().AddColumns("metric", "value");
                foreach (var (name, value) in scores.Rows) table.AddRow(name, value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
                AnsiConsole.MarkupLineInterpolated($"{scores.Queries} queries from {spec} against {index.Count} database images{(same ? " (leave-one-out)" : "")}:");
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return cmd;
    }
}
