namespace FewShotLearn.Evaluation;

/// <summary>Retrieval quality averaged over queries: precision@1, precision@k, R-precision, mAP@R and recall@k.</summary>
public sealed record RetrievalScores(int Queries, int K, double PrecisionAt1, double PrecisionAtK, double RPrecision, double MapAtR, double RecallAtK)
{
    /// <summary>Name and value of each metric, in display order.</summary>
    public IReadOnlyList<(string Name, double Value)> Rows =>
    [
        ("precision@1", PrecisionAt1), ($"precision@{K}", PrecisionAtK), ("R-precision", RPrecision), ("mAP@R", MapAtR), ($"recall@{K}", RecallAtK),
    ];

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Rows.Select(r => $"{r.Name} {r.Value:F3}")) + $" ({Queries} queries)";
}
