namespace FewShotLearn.Evaluation;

/// <summary>
/// Retrieval metrics from ranked relevance lists, as defined by Musgrave et al., "A Metric Learning Reality Check" (2020)
/// and pytorch-metric-learning's AccuracyCalculator. R is the number of database entries relevant to a query (same label,
/// the query itself excluded). Recall@k follows the deep-metric-learning convention: 1 when at least one of the top k is
/// relevant, else 0 (so recall@1 = precision@1).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>Fraction of the first k results that are relevant.</summary>
    public static double PrecisionAtK(IReadOnlyList<bool> relevant, int k)
    {
        CheckDepth(relevant, k);
        return relevant.Take(k).Count(x => x) / (double)k;
    }

    /// <summary>Precision at R: fraction of the first R results that are relevant.</summary>
    public static double RPrecision(IReadOnlyList<bool> relevant, int r) => PrecisionAtK(relevant, r);

    /// <summary>Average precision at R: (1/R) * sum over i &lt;= R of precision@i at each relevant position i.</summary>
    public static double AveragePrecisionAtR(IReadOnlyList<bool> relevant, int r)
    {
        CheckDepth(relevant, r);
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < r; i++)
            if (relevant[i]) { hits++; sum += hits / (double)(i + 1); }
        return sum / r;
    }

    /// <summary>1 when any of the first k results is relevant, else 0.</summary>
    public static double RecallAtK(IReadOnlyList<bool> relevant, int k)
    {
        CheckDepth(relevant, k);
        return relevant.Take(k).Any(x => x) ? 1 : 0;
    }

    /// <summary>
    /// Averages the metrics over queries. <paramref name="rankedLabels"/>[q] lists the labels of the database entries in
    /// rank order (query excluded), at least max(k, R_q) long; <paramref name="relevantCounts"/>[q] is R_q. Queries with R_q = 0
    /// (their class is not in the database) are skipped.
    /// </summary>
    public static RetrievalScores FromRankings(IReadOnlyList<IReadOnlyList<long>> rankedLabels, IReadOnlyList<long> queryLabels, IReadOnlyList<int> relevantCounts, int k)
    {
        if (rankedLabels.Count != queryLabels.Count || queryLabels.Count != relevantCounts.Count)
            throw new ArgumentException($"Got {rankedLabels.Count} rankings, {queryLabels.Count} query labels and {relevantCounts.Count} relevant counts; they must agree.");
        double p1 = 0, pk = 0, rp = 0, map = 0, rec = 0;
        var n = 0;
        for (var q = 0; q < rankedLabels.Count; q++)
        {
            var r = relevantCounts[q];
            if (r <= 0) continue;
            var label = queryLabels[q];
            var rel = rankedLabels[q].Select(l => l == label).ToArray();
            p1 += PrecisionAtK(rel, 1);
            pk += PrecisionAtK(rel, k);
            rp += RPrecision(rel, r);
            map += AveragePrecisionAtR(rel, r);
            rec += RecallAtK(rel, k);
            n++;
        }
        if (n == 0) throw new ArgumentException("No query has a relevant entry in the database (no query class occurs there); nothing to evaluate.");
        return new RetrievalScores(n, k, p1 / n, pk / n, rp / n, map / n, rec / n);
    }

    /// <summary>
    /// Searches <paramref name="index"/> with every query embedding and scores the rankings. When
    /// <paramref name="queriesAreDatabase"/> is true, query i is database entry i and is excluded from its own results.
    /// </summary>
    public static RetrievalScores Evaluate(RetrievalIndex index, Tensor queryEmbeddings, IReadOnlyList<long> queryLabels, int k = 5, bool queriesAreDatabase = false)
    {
        if (queryEmbeddings.shape[0] != queryLabels.Count)
            throw new ArgumentException($"{queryEmbeddings.shape[0]} query embeddings but {queryLabels.Count} labels.");
        if (queriesAreDatabase && queryLabels.Count != index.Count)
            throw new ArgumentException("queriesAreDatabase needs exactly one query per database entry, in database order.");
        var counts = index.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var relevant = queryLabels.Select(l => counts.GetValueOrDefault(l) - (queriesAreDatabase ? 1 : 0)).ToArray();
        var available = index.Count - (queriesAreDatabase ? 1 : 0);
        if (k > available) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at most {available} for this database.");
        var depth = Math.Min(available, Math.Max(k, relevant.DefaultIfEmpty(0).Max()));
        var exclude = queriesAreDatabase ? Enumerable.Range(0, index.Count).Select(i => (long)i).ToArray() : null;
        var (idx, _) = index.Search(queryEmbeddings, depth, exclude);
        long[] flat;
        using (idx) using (var cpu = idx.cpu()) flat = cpu.data<long>().ToArray();
        var rankings = new IReadOnlyList<long>[queryLabels.Count];
        for (var q = 0; q < rankings.Length; q++)
        {
            var row = new long[depth];
            for (var j = 0; j < depth; j++) row[j] = index.Labels[flat[(long)q * depth + j]];
            rankings[q] = row;
        }
        return FromRankings(rankings, queryLabels, relevant, k);
    }

    static void CheckDepth(IReadOnlyList<bool> relevant, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "The cut-off must be at least 1.");
        if (relevant.Count < k) throw new ArgumentException($"The ranking holds {relevant.Count} results; the metric needs the first {k}.");
    }
}
