namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot evaluate</c>: retrieval quality of an index for a labelled query set (precision@1, @k, R-precision, mAP@R, recall@k).</summary>
public static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var indexOpt = IndexCliOptions.Index();
        var model = IndexCliOptions.Model();
        var queries = new Option<string>("--queries") { Description = "Labelled queries (same forms as --data of `fewshot index`); when they hold the same images as the index (by content, whatever the spelling), evaluation is leave-one-out.", Required = true }.NotEmpty();
        var k = new Option<int>("-k") { Description = "Cut-off of precision@k and recall@k.", DefaultValueFactory = _ => 5 }.InRange(1, 100_000);
        var device = CommonOptions.Device();
        var cmd = new Command("evaluate", "Score retrieval on a labelled query set: precision@1, precision@k, R-precision, mAP@R, recall@k.") { indexOpt, model, queries, k, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            using var net = EmbeddingNet.Load(parse.GetValue(model)!, dev);
            using var index = RetrievalIndex.Load(parse.GetValue(indexOpt)!, net.Fingerprint(), dev);
            var spec = parse.GetValue(queries)!;
            var shape = index.RequireImageShape();
            var (set, _) = DataSpec.Load(spec, dev, shape.Channels, shape.Height);
            using (set)
            {
                var result = RetrievalEvaluation.Evaluate(index, net, set, parse.GetValue(k));
                var table = new Table().AddColumns("metric", "value");
                foreach (var (name, value) in result.Scores.Rows) table.AddRow(name, value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
                AnsiConsole.MarkupLineInterpolated($"{result.Scores.Queries} queries from {spec} against {index.Count} database images{(result.LeaveOneOut ? " (leave-one-out: the queries are the database)" : "")}:");
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return cmd;
    }
}
