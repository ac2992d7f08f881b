using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Jupyter = Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook;

namespace FewShotLearn.Notebooks;

/// <summary>
/// A Jupyter notebook (.ipynb) of this project, read and written with Microsoft.DotNet.Interactive.Documents (the
/// library the notebook hosts themselves use): its cells, their sources and outputs. The project's format is
/// nbformat 4.5 with an id on every cell (<see cref="Normalize"/>).
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>The nbformat version every notebook of the project is written in (4.5: cells carry ids).</summary>
    public const int Major = 4, Minor = 5;

    NotebookDocument(string path, InteractiveDocument document)
    {
        Path = path;
        Document = document;
    }

    /// <summary>The file this notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The notebook's file name without extension (e.g. "00-getting-started").</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The parsed document (cells as elements with kernel names, contents and outputs).</summary>
    public InteractiveDocument Document { get; }

    /// <summary>The kernels this project's notebooks use (C# by default; markdown cells are not code).</summary>
    public static KernelInfoCollection Kernels()
    {
        var kernels = new KernelInfoCollection { new KernelInfo("csharp", "C#", ["c#", "C#", "cs"]) };
        kernels.DefaultKernelName = "csharp";
        return kernels;
    }

    /// <summary>Reads a notebook, failing with a message naming the file when it is not valid nbformat-4 JSON.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook '{path}' does not exist.", path);
        var text = File.ReadAllText(path);
        try
        {
            // The Documents parser accepts almost anything; check the two things every notebook must have first.
            var root = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException("the top level is not a JSON object");
            if (root["cells"] is not JsonArray) throw new InvalidDataException("it has no \"cells\" array");
            if (root["nbformat"]?.GetValueKind() != JsonValueKind.Number || root["nbformat"]!.GetValue<int>() != Major)
                throw new InvalidDataException($"it is not nbformat {Major}");
            return new NotebookDocument(path, Jupyter.Parse(text, Kernels()));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a valid .ipynb notebook: {e.Message}", e);
        }
    }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells => Document.Elements.Select((e, i) => new NotebookCell(i + 1, e)).ToList();

    /// <summary>The default kernel language recorded in the metadata (csharp for this project's notebooks).</summary>
    public string Language => Document.GetDefaultKernelName() ?? "csharp";

    /// <summary>
    /// Brings the notebook to the project's format: nbformat 4.5 with a unique id on every cell. Ids a cell already
    /// has are kept; a missing one is derived from the notebook name, the cell's position and its source, so
    /// normalizing twice gives the same file. Returns how many ids were added.
    /// </summary>
    public int Normalize()
    {
        var used = Document.Elements.Select(e => e.Id).Where(id => !string.IsNullOrEmpty(id)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        for (var i = 0; i < Document.Elements.Count; i++)
        {
            var element = Document.Elements[i];
            if (!string.IsNullOrEmpty(element.Id) && IsValidId(element.Id)) continue;
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{Name}\n{i}\n{element.Contents}"))).ToLowerInvariant();
            var id = hash[..12];
            for (var n = 1; used.Contains(id); n++) id = $"{hash[..12]}-{n}";
            element.Id = id;
            used.Add(id);
            added++;
        }
        return added;
    }

    /// <summary>True for an nbformat 4.5 cell id: 1 to 64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The notebook as nbformat 4.5 JSON (as the Documents library writes it, one trailing newline).</summary>
    public string ToJson()
    {
        var hadKernelInfo = Document.Metadata.ContainsKey("kernelInfo");
        using var stream = new MemoryStream();
        Jupyter.Write(Document, stream, Kernels());
        if (!hadKernelInfo) Document.Metadata.Remove("kernelInfo");
        var root = JsonNode.Parse(stream.ToArray())!.AsObject();
        // The writer copies its kernel list into a top-level "kernelInfo" key that no host reads
        // (Polyglot Notebooks keeps it under metadata.polyglot_notebook): leave the metadata as it was.
        if (!hadKernelInfo) root["metadata"]?.AsObject().Remove("kernelInfo");
        root["nbformat"] = Major;
        root["nbformat_minor"] = Minor;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Writes the notebook atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>
    /// Keeps one frame of each live output (<see cref="LiveOutput"/>): hosts that record every redraw as a new output
    /// (dotnet-repl) leave a chart once per redraw; the last frame is kept, where the first one stood, as Jupyter does.
    /// Returns how many outputs were dropped.
    /// </summary>
    public int CollapseLiveFrames()
    {
        var dropped = 0;
        foreach (var element in Document.Elements)
        {
            var byId = new Dictionary<string, int>(StringComparer.Ordinal);
            var kept = new List<InteractiveDocumentOutputElement>();
            foreach (var output in element.Outputs)
            {
                var id = NotebookOutput.From(output).Data.TryGetValue("text/html", out var html) ? LiveOutput.IdOf(html) : null;
                if (id == null) { kept.Add(output); continue; }
                if (byId.TryGetValue(id, out var at)) { kept[at] = output; dropped++; }
                else { byId[id] = kept.Count; kept.Add(output); }
            }
            if (kept.Count != element.Outputs.Count) { element.Outputs.Clear(); element.Outputs.AddRange(kept); }
        }
        return dropped;
    }

    /// <summary>
    /// Problems that make the file differ from the project's format (nbformat 4.5, unique valid cell ids, the
    /// notebook's kernelspec and language metadata); empty when it conforms.
    /// </summary>
    public static IReadOnlyList<string> FormatProblems(string path)
    {
        var problems = new List<string>();
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (root["nbformat"]?.GetValue<int>() != Major || root["nbformat_minor"]?.GetValue<int>() != Minor)
            problems.Add($"nbformat is {root["nbformat"]}.{root["nbformat_minor"]}, not {Major}.{Minor}");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var cells = root["cells"]!.AsArray();
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!.AsObject();
            var id = cell["id"]?.GetValue<string>();
            if (!IsValidId(id)) problems.Add($"cell {i + 1} has no valid id");
            else if (!ids.Add(id!)) problems.Add($"cell {i + 1} repeats the id '{id}'");
            var type = cell["cell_type"]?.GetValue<string>();
            if (type is not ("code" or "markdown" or "raw")) problems.Add($"cell {i + 1} has cell_type '{type}'");
            if (cell["source"] == null || cell["metadata"] is not JsonObject) problems.Add($"cell {i + 1} lacks source or metadata");
            if (type == "code" && (cell["outputs"] is not JsonArray || !cell.ContainsKey("execution_count")))
                problems.Add($"code cell {i + 1} lacks outputs or execution_count");
        }
        if (root["metadata"]?["kernelspec"]?["name"] == null) problems.Add("metadata.kernelspec.name is missing");
        return problems;
    }
}

/// <summary>One notebook cell: its 1-based number, kind, source and outputs.</summary>
public sealed class NotebookCell(int number, InteractiveDocumentElement element)
{
    /// <summary>1-based position among all cells (markdown included), as a reader counts them.</summary>
    public int Number { get; } = number;

    /// <summary>The cell's id (nbformat 4.5), empty when it has none.</summary>
    public string Id => element.Id ?? "";

    /// <summary>"code", "markdown" or "raw".</summary>
    public string Kind => element.KernelName switch { "markdown" => "markdown", "raw" => "raw", _ => "code" };

    /// <summary>The cell's source text.</summary>
    public string Source => element.Contents ?? "";

    /// <summary>The outputs of a code cell (empty for other cells).</summary>
    public IReadOnlyList<NotebookOutput> Outputs => element.Outputs.Select(NotebookOutput.From).ToList();
}

/// <summary>One output of a code cell: a stream, a display/result with MIME data, or an error.</summary>
public sealed class NotebookOutput(string type, IReadOnlyDictionary<string, string> data, string errorText = "", string streamText = "")
{
    /// <summary>"stream", "display_data", "execute_result" or "error".</summary>
    public string Type { get; } = type;

    /// <summary>For errors: the exception name and message.</summary>
    public string ErrorText { get; } = errorText;

    /// <summary>For streams: the text.</summary>
    public string StreamText { get; } = streamText;

    /// <summary>The MIME bundle of a display or result (mime type -> text or base64 data).</summary>
    public IReadOnlyDictionary<string, string> Data { get; } = data;

    static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    internal static NotebookOutput From(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement d => new NotebookOutput("display_data", Texts(d.Data)),
        ReturnValueElement r => new NotebookOutput("execute_result", Texts(r.Data)),
        TextElement t => new NotebookOutput("stream", None, streamText: t.Text ?? ""),
        ErrorElement e => new NotebookOutput("error", None, errorText: $"{e.ErrorName}: {e.ErrorValue}".Trim(' ', ':')),
        _ => new NotebookOutput("unknown", None),
    };

    static Dictionary<string, string> Texts(IDictionary<string, object>? data) =>
        data?.ToDictionary(p => p.Key, p => Text(p.Value)) ?? new Dictionary<string, string>();

    static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } j => j.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Array } j => string.Concat(j.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.ToString())),
        JsonElement j => j.ToString(),
        IEnumerable<object> items => string.Concat(items.Select(Text)),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// The marker a live output (a chart redrawn in place while training runs) carries in its HTML, so the frames a host
/// recorded one by one can be told apart from other outputs and reduced to the last (<see cref="NotebookDocument.CollapseLiveFrames"/>).
/// </summary>
public static class LiveOutput
{
    const string Prefix = "<!--fewshot-live:";

    /// <summary>The HTML of one frame of the live output <paramref name="id"/>.</summary>
    public static string Frame(string id, string html) => $"{Prefix}{id}-->{html}";

    /// <summary>The live output id a frame's HTML starts with, or null for any other output.</summary>
    public static string? IdOf(string html)
    {
        var start = html.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0 || start > 64) return null;
        var end = html.IndexOf("-->", start, StringComparison.Ordinal);
        return end < 0 ? null : html[(start + Prefix.Length)..end];
    }
}
