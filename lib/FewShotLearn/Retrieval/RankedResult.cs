namespace FewShotLearn.Retrieval;

/// <summary>One retrieved database entry: rank (1-based), index in the database, label, class name, distance and optional file path.</summary>
public sealed record RankedResult(int Rank, long Index, long Label, string ClassName, double Distance, string? Path);
