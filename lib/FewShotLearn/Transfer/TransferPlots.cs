using Plotly.NET;

namespace FewShotLearn.Transfer;

/// <summary>Charts of transfer runs.</summary>
public static class TransferPlots
{
    /// <summary>Test accuracy per epoch of each run, one line per strategy.</summary>
    public static GenericChart LearningCurves(IEnumerable<TransferRun> runs, string title) =>
        Charts.Lines(title, "epoch", "test accuracy", runs.Select(r => (r.Strategy,
            (IReadOnlyList<double>)r.Epochs.Select(e => (double)e.Epoch).ToList(),
            (IReadOnlyList<double>)r.Epochs.Select(e => e.TestAccuracy).ToList())).ToArray());

    /// <summary>Final test accuracy against training-set size, one line per strategy.</summary>
    public static GenericChart AccuracyBySize(IEnumerable<TransferRun> runs, string title) =>
        Charts.Lines(title, "training images", "test accuracy", runs.GroupBy(r => r.Strategy).Select(g => (g.Key,
            (IReadOnlyList<double>)g.OrderBy(r => r.TrainImages).Select(r => (double)r.TrainImages).ToList(),
            (IReadOnlyList<double>)g.OrderBy(r => r.TrainImages).Select(r => r.TestAccuracy).ToList())).ToArray());
}
