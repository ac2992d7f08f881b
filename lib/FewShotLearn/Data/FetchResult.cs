namespace FewShotLearn.Data;

/// <summary>What <see cref="DataFetcher"/> did: the source that worked, every attempt, counts and time.</summary>
public sealed record FetchResult(
    string DataSet,
    string Folder,
    string Source,
    string Variant,
    int TrainCount,
    int TestCount,
    TimeSpan Elapsed,
    IReadOnlyList<FetchAttempt> Attempts);

/// <summary>One source tried while fetching: whether it worked and why (not).</summary>
public sealed record FetchAttempt(string Source, bool Succeeded, string Detail);

/// <summary>Thrown when no source could provide a data set; the message lists every source tried and why it failed.</summary>
public sealed class DataFetchException : Exception
{
    /// <summary>Creates the exception from the failed attempts.</summary>
    public DataFetchException(string dataSet, string folder, IReadOnlyList<FetchAttempt> attempts)
        : base($"Could not fetch '{dataSet}' into '{folder}'. Sources tried:\n" +
               string.Join("\n", attempts.Select((a, i) => $"  {i + 1}. {a.Source}: {a.Detail}")) +
               "\nFix one of them (e.g. `sudo apt-get update`, install npm, allow network access) or copy the IDX files into the folder and run again.")
    {
        Attempts = attempts;
    }

    /// <summary>The sources tried, in order.</summary>
    public IReadOnlyList<FetchAttempt> Attempts { get; }
}
