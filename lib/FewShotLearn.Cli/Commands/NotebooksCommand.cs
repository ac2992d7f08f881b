namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot notebooks run</c>: executes notebooks headless, keeping outputs, and writes offline HTML pages.</summary>
public static class NotebooksCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Notebooks or folders of notebooks (default: the repository's notebooks/).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { Description = "Folder for executed notebooks and HTML pages.", DefaultValueFactory = _ => Path.Combine("out", "notebooks") }.OutputFolder();
        var timeout = new Option<int>("--timeout") { Description = "Minutes one notebook may run.", DefaultValueFactory = _ => 15 }.InRange(1, 1440);
        var noBuild = new Option<bool>("--no-build") { Description = "Do not build lib/FewShotLearn.Interactive first." };
        var run = new Command("run", "Execute notebooks headless (dotnet-repl), write executed .ipynb files and self-contained HTML pages.") { paths, output, timeout, noBuild };
        run.SetAction(parse => Run(parse.GetValue(paths) ?? [], parse.GetValue(output)!, parse.GetValue(timeout), !parse.GetValue(noBuild)));
        var normalizePaths = new Argument<string[]>("paths") { Description = "Notebooks or folders of notebooks (default: the repository's notebooks/).", Arity = ArgumentArity.ZeroOrMore };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a notebook is not in the project's format." };
        var normalize = new Command("normalize", "Rewrite notebooks in the project's format (nbformat 4.5, an id on every cell), through Microsoft.DotNet.Interactive.Documents.") { normalizePaths, check };
        normalize.SetAction(parse => Normalize(parse.GetValue(normalizePaths) ?? [], parse.GetValue(check)));
        return new Command("notebooks", "Work with the course notebooks.") { run, normalize };
    }

    /// <summary>Normalizes (or with <paramref name="check"/> only checks) each notebook; prints one line each.</summary>
    public static int Normalize(IEnumerable<string> paths, bool check)
    {
        var differing = 0;
        foreach (var file in NotebookCourse.Resolve(paths))
        {
            var before = File.ReadAllText(file);
            var notebook = NotebookDocument.Load(file);
            notebook.Normalize();
            var after = notebook.ToJson();
            var changed = after != before;
            if (changed) differing++;
            if (changed && !check) notebook.Save(file);
            Console.WriteLine($"{Path.GetFileName(file)}: {(changed ? check ? "not normalized" : "normalized" : "already normalized")}");
        }
        return check && differing > 0 ? 1 : 0;
    }

    /// <summary>Runs the notebooks and prints one line each; exit code 1 when any failed.</summary>
    public static int Run(IEnumerable<string> paths, string outDirectory, int timeoutMinutes, bool build)
    {
        var notebooks = NotebookCourse.Resolve(paths);
        var runner = new NotebookRunner
        {
            Timeout = TimeSpan.FromMinutes(timeoutMinutes),
            Build = build,
            Log = line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"),
        };
        var results = NotebookCourse.RunAll(runner, notebooks, outDirectory);
        var table = new Table().AddColumns("notebook", "result", "seconds", "HTML");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Name), r.Succeeded ? "[green]ok[/]" : $"[red]{Markup.Escape(r.Failure!.ToString())}[/]",
                $"{r.Elapsed.TotalSeconds:0.0}", Markup.Escape(r.HtmlPage ?? "-"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Index: {Path.Combine(Path.GetFullPath(outDirectory), "index.html")}");
        return results.All(r => r.Succeeded) ? 0 : 1;
    }
}
