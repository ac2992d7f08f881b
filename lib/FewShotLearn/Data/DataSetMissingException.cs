namespace FewShotLearn.Data;

/// <summary>Thrown when a catalogued data set is not in the data directory; the message says how to fetch it.</summary>
public sealed class DataSetMissingException : Exception
{
    /// <summary>Creates the exception for a data set missing from <paramref name="directory"/>.</summary>
    public DataSetMissingException(string name, string directory, IEnumerable<string> missingFiles)
        : base($"Data set '{name}' is not available: {string.Join(", ", missingFiles)} missing in '{directory}'. " +
               $"Fetch it with: dotnet run --project lib/FewShotLearn.Cli -- data fetch {name} " +
               $"(or `fewshot data fetch {name}`; set FEWSHOT_DATA or --data-dir to use another directory). " +
               "GlyphDataset.Generate(...) needs no download.")
    {
        DataSetName = name;
        Directory = directory;
    }

    /// <summary>The data set asked for.</summary>
    public string DataSetName { get; }

    /// <summary>The directory that was searched.</summary>
    public string Directory { get; }
}
