using TorchSharp.Modules;

namespace FewShotLearn.Graphs;

/// <summary>Graph classification: graph convolutions on every node, a readout to one vector per graph, a linear classifier.</summary>
public sealed class GcnGraphClassifier : nn.Module<GraphBatch, Tensor>
{
    private readonly ModuleList<GcnLayer> layers;
    private readonly Linear classifier;
    private readonly ReadoutKind readout;

    /// <summary>Creates the model with <paramref name="depth"/> GCN layers of width <paramref name="hidden"/>.</summary>
    public GcnGraphClassifier(long inFeatures, long classes, long hidden = 32, int depth = 2, ReadoutKind readout = ReadoutKind.Mean)
        : base("GcnGraphClassifier")
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), "At least one GCN layer.");
        layers = new ModuleList<GcnLayer>(Enumerable.Range(0, depth).Select(i => new GcnLayer(i == 0 ? inFeatures : hidden, hidden)).ToArray());
        classifier = nn.Linear(hidden, classes);
        this.readout = readout;
        RegisterComponents();
    }

    /// <summary>The readout this model uses.</summary>
    public ReadoutKind Readout => readout;

    /// <summary>One vector per graph [G, hidden]: the readout of the last GCN layer's node features.</summary>
    public Tensor Embed(GraphBatch batch)
    {
        using var scope = NewDisposeScope();
        var h = batch.Features;
        foreach (var layer in layers) h = nn.functional.relu(layer.call(batch.Propagation, h));
        return GraphReadout.Apply(h, batch.GraphIndex, batch.Count, readout).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits per graph [G, classes].</summary>
    public override Tensor forward(GraphBatch batch)
    {
        using var e = Embed(batch);
        return classifier.call(e);
    }
}
