namespace FewShotLearn.Graphs;

/// <summary>Node features for graphs that have none and vary in size (where the identity matrix does not fit).</summary>
public static class GraphFeatures
{
    /// <summary>One-hot degree [N, maxDegree + 1]; degrees above <paramref name="maxDegree"/> share the last column.</summary>
    public static Tensor DegreeOneHot(Graph graph, int maxDegree = 8, Device? device = null)
    {
        var d = graph.Degrees().Select(x => (long)Math.Min(x, maxDegree)).ToArray();
        using var idx = tensor(d, device: device ?? Devices.Default);
        return nn.functional.one_hot(idx, maxDegree + 1).to(float32);
    }
}
