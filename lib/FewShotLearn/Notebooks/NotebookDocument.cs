using System.Text.Json;
using System.Text.Json.Nodes;

namespace FewShotLearn.Notebooks;

/// <summary>A Jupyter notebook (.ipynb, nbformat 4) read as JSON: its cells, their sources and outputs.</summary>
public sealed class NotebookDocument
{
    readonly JsonObject root;

    NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        this.root = root;
    }

    /// <summary>The file this notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The notebook's file name without extension (e.g. "00-getting-started").</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Reads a notebook, failing with a message naming the file when it is not valid nbformat-4 JSON.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook '{path}' does not exist.", path);
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                       ?? throw new InvalidDataException("the top level is not a JSON object");
            if (node["cells"] is not JsonArray) throw new InvalidDataException("it has no \"cells\" array");
            return new NotebookDocument(path, node);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is not a valid .ipynb notebook: {e.Message}", e);
        }
    }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells =>
        ((JsonArray)root["cells"]!).Select((c, i) => new NotebookCell(i + 1, (JsonObject)c!)).ToList();

    /// <summary>The default kernel language recorded in the metadata (csharp for this project's notebooks).</summary>
    public string Language =>
        root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() ?? "csharp";
}

/// <summary>One notebook cell: its 1-based number, kind, source and outputs.</summary>
public sealed class NotebookCell(int number, JsonObject json)
{
    /// <summary>1-based position among all cells (markdown included), as a reader counts them.</summary>
    public int Number { get; } = number;

    /// <summary>"code", "markdown" or "raw".</summary>
    public string Kind => json["cell_type"]?.GetValue<string>() ?? "code";

    /// <summary>The cell's source text.</summary>
    public string Source => JoinText(json["source"]);

    /// <summary>The outputs of a code cell (empty for other cells).</summary>
    public IReadOnlyList<NotebookOutput> Outputs =>
        (json["outputs"] as JsonArray)?.Select(o => new NotebookOutput((JsonObject)o!)).ToList() ?? [];

    internal static string JoinText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };
}

/// <summary>One output of a code cell: a stream, a display/result with MIME data, or an error.</summary>
public sealed class NotebookOutput(JsonObject json)
{
    /// <summary>"stream", "display_data", "execute_result" or "error".</summary>
    public string Type => json["output_type"]?.GetValue<string>() ?? "";

    /// <summary>For errors: the exception name and message.</summary>
    public string ErrorText => $"{json["ename"]?.GetValue<string>()}: {json["evalue"]?.GetValue<string>()}".Trim(' ', ':');

    /// <summary>For streams: the text.</summary>
    public string StreamText => NotebookCell.JoinText(json["text"]);

    /// <summary>The MIME bundle of a display or result (mime type -> text or base64 data).</summary>
    public IReadOnlyDictionary<string, string> Data =>
        (json["data"] as JsonObject)?.ToDictionary(p => p.Key, p => NotebookCell.JoinText(p.Value))
        ?? new Dictionary<string, string>();
}
