namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot search</c>: the k nearest database images of a query image, printed, optionally as an HTML gallery and with feedback.</summary>
public static class SearchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var indexOpt = IndexCliOptions.Index();
        var model = IndexCliOptions.Model();
        var query = new Option<string>("--query") { Description = "Query image file, or DATA#N for image N of a data set (e.g. glyphs:test#5).", Required = true }.NotEmpty();
        var k = new Option<int>("-k") { Description = "Number of results.", DefaultValueFactory = _ => 5 }.InRange(1, 100_000);
        var html = new Option<string?>("--html") { Description = "Write the query and its results as an HTML gallery to this file." };
        var feedback = new Option<bool>("--feedback") { Description = "Ask which results are correct; the marks move the query (Rocchio) and the next search shows new results." };
        var feedbackRounds = new Option<int>("--feedback-rounds") { Description = "Rounds of marks and refined search with --feedback (1 to 10).", DefaultValueFactory = _ => 1 }.InRange(1, 10);
        var device = CommonOptions.Device();
        var cmd = new Command("search", "Find the k database images nearest to a query image (Euclidean distance of L2-normalised embeddings).") { indexOpt, model, query, k, html, feedback, feedbackRounds, device };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            using var net = EmbeddingNet.Load(parse.GetValue(model)!, dev);
            using var index = RetrievalIndex.Load(parse.GetValue(indexOpt)!, net.Fingerprint(), dev);
            var shape = index.RequireImageShape();
            var size = shape.Height;
            var (image, caption, className) = DataSpec.Query(parse.GetValue(query)!, dev, shape.Channels, size);
            using var img = image;
            var emb = Embedder.Embed(net, img);
            var kk = parse.GetValue(k);
            RankedResult[] results;
            if (parse.GetValue(feedback))
            {
                var rounds = parse.GetValue(feedbackRounds);
                var session = new FeedbackSession(index, new ConsoleFeedback(), kk);
                var r = session.Ask(emb[0], caption);
                AnsiConsole.MarkupLineInterpolated($"Marked correct: {r.Marks.Count(m => m)} of {r.Results.Count} (accuracy {r.Accuracy:P1}).");
                for (var round = 2; round <= rounds; round++)
                {
                    r = session.Ask(session.Refine(emb[0], session.History), $"{caption} (round {round}, refined by your marks)", session.History.SelectMany(h => h.Results.Select(x => x.Index)).ToArray());
                    AnsiConsole.MarkupLineInterpolated($"Round {round}: marked correct {r.Marks.Count(m => m)} of {r.Results.Count}; all rounds {session.Accuracy:P1}.");
                }
                results = rounds == 1 ? r.Results.ToArray() : index.SearchOne(session.Refine(emb[0], session.History), kk);
                if (rounds > 1) AnsiConsole.MarkupLine("Final ranking: the query refined by every mark (Rocchio).");
            }
            else
            {
                results = index.SearchOne(emb[0], kk);
            }
            var table = new Table().AddColumns("rank", "image", "class", "distance");
            foreach (var r in results)
                table.AddRow(r.Rank.ToString(), Markup.Escape(r.Path ?? $"#{r.Index}"), Markup.Escape(r.ClassName),
                    r.Distance.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.MarkupLineInterpolated($"Query: {caption}{(className is null ? "" : $" [[{className}]]")}");
            AnsiConsole.Write(table);
            if (parse.GetValue(html) is { } htmlPath)
            {
                using var database = DatabaseImages(index, dev, net.Config.InChannels, size);
                long? queryLabel = className is null ? null : Array.IndexOf(index.ClassNames, className) is var ix and >= 0 ? ix : null;
                var page = Gallery.Html(img[0], caption, results, database, queryLabel, $"Top {kk} for {caption}");
                AtomicFile.Write(htmlPath, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>fewshot search</title></head><body>{page}</body></html>"); });
                AnsiConsole.MarkupLineInterpolated($"Wrote gallery [green]{htmlPath}[/].");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The database images in index order: re-read from the index's paths, or regenerated from its data set.</summary>
    static Tensor DatabaseImages(RetrievalIndex index, Device device, int channels, int size)
    {
        if (index.Paths is { } paths)
        {
            var list = paths.Select(p => FewShotLearn.Vision.ImageIO.Load(p, (FewShotLearn.Vision.ColorMode)channels, size, size, device)).ToList();
            var all = cat(list, 0);
            foreach (var t in list) t.Dispose();
            return all;
        }
        var spec = index.Metadata.GetValueOrDefault("dataSpec")
            ?? throw new InvalidDataException("The index records neither image paths nor its data set, so the gallery cannot show the results; rebuild it with `fewshot index`.");
        var (set, _) = DataSpec.Load(spec, device, channels, size);
        if (index.DatabaseHash is not null && RetrievalIndex.ContentHash(set) != index.DatabaseHash)
        {
            set.Dispose();
            throw new InvalidDataException($"The data set '{spec}' no longer holds the images the index was built from; rebuild it with `fewshot index --data {spec}`.");
        }
        return set.Images;
    }
}
