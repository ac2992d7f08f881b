namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot course</c>: the main job. Fetches the data sets where it can (the notebooks fall back to the
/// embedded procedural data where it cannot), then executes every notebook headless and writes the executed
/// notebooks and their offline HTML pages.
/// </summary>
public static class CourseCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for executed notebooks, HTML pages and index.html.", DefaultValueFactory = _ => Path.Combine("out", "course") }.OutputFolder();
        var noFetch = new Option<bool>("--no-fetch") { Description = "Do not try to fetch data sets; use what is present (or the embedded data)." };
        var timeout = new Option<int>("--timeout") { Description = "Minutes one notebook may run.", DefaultValueFactory = _ => 15 }.InRange(1, 1440);
        var command = new Command("course", "Run the whole course: fetch data (best effort), execute every notebook, write executed notebooks and offline HTML.") { output, noFetch, timeout };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(noFetch)) FetchBestEffort();
            return NotebooksCommand.Run([], parse.GetValue(output)!, parse.GetValue(timeout), build: true);
        });
        return command;
    }

    static void FetchBestEffort()
    {
        var fetcher = new DataFetcher(log: line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
        foreach (var info in DataSets.All)
        {
            try
            {
                var r = fetcher.Fetch(info);
                AnsiConsole.MarkupLineInterpolated($"[green]{r.DataSet}[/]: {r.TrainCount} train / {r.TestCount} test from {r.Source}");
            }
            catch (Exception e) when (e is DataFetchException or IOException)
            {
                CliErrors.Warn($"{info.Name} unavailable (notebooks use the embedded glyph data instead): {e.Message}");
            }
        }
    }
}
