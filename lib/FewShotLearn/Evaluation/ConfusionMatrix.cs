using Plotly.NET;

namespace FewShotLearn.Evaluation;

/// <summary>Counts of (true class, predicted class) pairs: rows are true classes, columns predictions.</summary>
public sealed class ConfusionMatrix
{
    /// <summary>Builds the matrix from parallel arrays of true labels and predictions.</summary>
    public ConfusionMatrix(IReadOnlyList<long> labels, IReadOnlyList<long> predictions, IReadOnlyList<string> classNames)
    {
        if (labels.Count != predictions.Count)
            throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions; they must pair up.");
        ClassNames = classNames;
        int k = classNames.Count;
        Counts = new long[k, k];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= k || predictions[i] < 0 || predictions[i] >= k)
                throw new ArgumentException($"Pair {i} (label {labels[i]}, prediction {predictions[i]}) is outside the {k} classes.");
            Counts[labels[i], predictions[i]]++;
        }
        Total = labels.Count;
    }

    /// <summary>The class names, indexing rows and columns.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Counts[true, predicted].</summary>
    public long[,] Counts { get; }

    /// <summary>Number of pairs counted.</summary>
    public int Total { get; }

    /// <summary>Fraction on the diagonal.</summary>
    public double Accuracy => Total == 0 ? 0 : Enumerable.Range(0, ClassNames.Count).Sum(i => Counts[i, i]) / (double)Total;

    /// <summary>Recall of each class (diagonal / row sum); NaN for a class with no examples.</summary>
    public double[] Recall() => Enumerable.Range(0, ClassNames.Count).Select(i =>
    {
        long row = Enumerable.Range(0, ClassNames.Count).Sum(j => Counts[i, j]);
        return row == 0 ? double.NaN : Counts[i, i] / (double)row;
    }).ToArray();

    /// <summary>The most frequent off-diagonal pairs (true, predicted, count), largest first.</summary>
    public IReadOnlyList<(string True, string Predicted, long Count)> TopConfusions(int count = 5) =>
        (from i in Enumerable.Range(0, ClassNames.Count)
         from j in Enumerable.Range(0, ClassNames.Count)
         where i != j && Counts[i, j] > 0
         orderby Counts[i, j] descending
         select (ClassNames[i], ClassNames[j], Counts[i, j])).Take(count).ToList();

    /// <summary>A heatmap: true class down, predicted class across, counts written in the cells.</summary>
    public GenericChart Chart(string title = "Confusion matrix") =>
        Heatmaps.Matrix(Enumerable.Range(0, ClassNames.Count).Select(i => Enumerable.Range(0, ClassNames.Count).Select(j => (double)Counts[i, j]).ToArray()).ToArray(),
            title, ClassNames, ClassNames, "predicted", "true", annotate: true);
}
