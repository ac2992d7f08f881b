namespace FewShotLearn.Graphs;

/// <summary>A graph-classification task built to tell readouts apart: its question, classes and graphs.</summary>
public sealed record ReadoutTask(string Name, string Question, IReadOnlyList<string> ClassNames,
    IReadOnlyList<(Graph Graph, int Label)> Train, IReadOnlyList<(Graph Graph, int Label)> Test, int FeatureCount);

/// <summary>
/// Two generated tasks on rings (cycles, where every node has two neighbours, so structure alone says nothing about a
/// node): <see cref="Size"/> (small vs large rings, all nodes alike: only how many nodes there are tells the class)
/// and <see cref="Marker"/> (rings of random size whose nodes carry a weak noisy signal; one class has a single node
/// with a strong signal).
/// </summary>
public static class ReadoutTasks
{
    /// <summary>
    /// Small rings (6-10 nodes) vs large rings (14-20 nodes); every node has the same feature vector (its one-hot degree,
    /// always 2), so the graphs differ only in size.
    /// </summary>
    public static ReadoutTask Size(int perClass = 60, int seed = Seeding.DefaultSeed, double testShare = 0.3)
    {
        var rng = new Random(seed);
        var graphs = new List<(Graph, int)>();
        foreach (var (label, lo, hi) in new[] { (0, 6, 10), (1, 14, 20) })
            for (var k = 0; k < perClass; k++)
            {
                var g = GraphFamilies.Cycle(rng.Next(lo, hi + 1));
                graphs.Add((g.WithFeatures(GraphFeatures.DegreeOneHot(g, 3, CPU)), label));
            }
        return Split("size", "small ring (6-10 nodes) or large ring (14-20 nodes)? every node looks the same",
            ["small", "large"], graphs, rng, testShare, 4);
    }

    /// <summary>
    /// Rings of 6-40 nodes; each node has one feature, a signal drawn uniformly from [0, <paramref name="noise"/>];
    /// in class "marked" one random node has signal 1 instead.
    /// </summary>
    public static ReadoutTask Marker(int perClass = 60, int seed = Seeding.DefaultSeed, double noise = 0.3, double testShare = 0.3)
    {
        if (noise is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(noise), "The noise level must lie in (0, 1): below the marker's signal of 1.");
        var rng = new Random(seed);
        var graphs = new List<(Graph, int)>();
        foreach (var label in new[] { 0, 1 })
            for (var k = 0; k < perClass; k++)
            {
                var n = rng.Next(6, 41);
                var signal = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * noise)).ToArray();
                if (label == 1) signal[rng.Next(n)] = 1f;
                graphs.Add((GraphFamilies.Cycle(n).WithFeatures(tensor(signal).reshape(n, 1)), label));
            }
        return Split("marker", $"does one node carry a strong signal (1) among 6-40 nodes with weak signals (0-{noise:0.##})?",
            ["plain", "marked"], graphs, rng, testShare, 1);
    }

    private static ReadoutTask Split(string name, string question, string[] classes, List<(Graph, int)> graphs, Random rng, double testShare, int features)
    {
        if (testShare is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testShare), "The test share must lie in (0, 1).");
        var shuffled = graphs.OrderBy(_ => rng.Next()).ToList();
        var test = (int)Math.Round(shuffled.Count * testShare);
        return new ReadoutTask(name, question, classes, shuffled.Skip(test).ToList(), shuffled.Take(test).ToList(), features);
    }
}

/// <summary>Test accuracy of the three readouts on one task, the best and worst of them, and why (from the measured numbers).</summary>
public sealed record ReadoutComparisonRow(string Task, [property: Column("Mean readout")] double Mean, [property: Column("Sum readout")] double Sum,
    [property: Column("Max readout")] double Max, string Best, string Why);

/// <summary>Trains the same GCN with each readout on each task (same data and seed) and explains the differences.</summary>
public static class ReadoutComparison
{
    /// <summary>Accuracy differences below this are reported as no clear difference.</summary>
    public const double ClearDifference = 0.05;

    /// <summary>What each readout keeps of the node vectors.</summary>
    public static string Keeps(ReadoutKind kind) => kind switch
    {
        ReadoutKind.Sum => "the sum grows with the number of nodes, so it keeps how many nodes there are",
        ReadoutKind.Mean => "the mean is the average node, the same for any number of alike nodes, and one node's share of it shrinks as the graph grows",
        ReadoutKind.Max => "the max keeps the strongest node's signal, however many other nodes there are",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Runs every readout on every task: <paramref name="epochs"/> of Adam at <paramref name="learningRate"/> with the given width and depth, seeded per run.</summary>
    public static IReadOnlyList<ReadoutComparisonRow> Run(IEnumerable<ReadoutTask> tasks, int epochs = 60, int hidden = 16, int depth = 1,
        double learningRate = 0.03, int seed = Seeding.DefaultSeed, Device? device = null)
    {
        var rows = new List<ReadoutComparisonRow>();
        foreach (var task in tasks)
        {
            var acc = new Dictionary<ReadoutKind, double>();
            foreach (var kind in new[] { ReadoutKind.Mean, ReadoutKind.Sum, ReadoutKind.Max })
            {
                Seeding.Seed(seed);
                using var model = new GcnGraphClassifier(task.FeatureCount, task.ClassNames.Count, hidden, depth, kind);
                acc[kind] = GcnTraining.TrainGraphs(model, task.Train, task.Test, epochs, batchSize: 32, learningRate, seed, device).FinalTestAccuracy;
            }
            rows.Add(Explain(task.Name, acc));
        }
        return rows;
    }

    /// <summary>The row for measured accuracies: the best readout, and the reason read off the gap to the worst.</summary>
    public static ReadoutComparisonRow Explain(string task, IReadOnlyDictionary<ReadoutKind, double> accuracy)
    {
        var best = accuracy.MaxBy(kv => kv.Value);
        var worst = accuracy.MinBy(kv => kv.Value);
        var name = (ReadoutKind k) => k.ToString().ToLowerInvariant();
        string why, bestName;
        if (best.Value - worst.Value < ClearDifference)
        {
            bestName = "none clearly";
            why = $"all readouts within {ClearDifference:0.00} of each other: the classes differ in a way every readout keeps";
        }
        else
        {
            var tied = accuracy.Where(kv => best.Value - kv.Value < ClearDifference).Select(kv => kv.Key).ToList();
            bestName = string.Join(" = ", tied.Select(name));
            why = $"{bestName} {best.Value:0.00} vs {name(worst.Key)} {worst.Value:0.00}: {Keeps(best.Key)}; {Keeps(worst.Key)}";
        }
        return new ReadoutComparisonRow(task, accuracy[ReadoutKind.Mean], accuracy[ReadoutKind.Sum], accuracy[ReadoutKind.Max], bestName, why);
    }
}
