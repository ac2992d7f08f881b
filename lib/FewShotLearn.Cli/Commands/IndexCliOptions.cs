namespace FewShotLearn.Cli.Commands;

/// <summary>The options of the commands that read a retrieval index (search, evaluate), declared once.</summary>
public static class IndexCliOptions
{
    /// <summary>--index: the index file (required).</summary>
    public static Option<string> Index() =>
        new Option<string>("--index") { Description = "Index file written by `fewshot index`.", Required = true }.NotEmpty();

    /// <summary>--model: the checkpoint the index was built with (required; its fingerprint must match the index's).</summary>
    public static Option<string> Model() =>
        new Option<string>("--model") { Description = "The EmbeddingNet checkpoint the index was built with.", Required = true }.NotEmpty();
}
