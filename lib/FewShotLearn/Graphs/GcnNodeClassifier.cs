using TorchSharp.Modules;

namespace FewShotLearn.Graphs;

/// <summary>
/// Node classification with graph convolutions: GCN -> tanh -> GCN -> tanh gives a low-dimensional embedding
/// per node (2-D by default, to plot), and a linear layer classifies it.
/// </summary>
public sealed class GcnNodeClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GcnLayer gcn1;
    private readonly GcnLayer gcn2;
    private readonly Linear classifier;

    /// <summary>Creates the model (seed torch first for reproducible weights).</summary>
    public GcnNodeClassifier(long inFeatures, long classes, long hidden = 16, long embedding = 2) : base("GcnNodeClassifier")
    {
        gcn1 = new GcnLayer(inFeatures, hidden);
        gcn2 = new GcnLayer(hidden, embedding);
        classifier = nn.Linear(embedding, classes);
        RegisterComponents();
    }

    /// <summary>Node embeddings [N, embedding] after two graph convolutions.</summary>
    public Tensor Embed(Tensor propagation, Tensor x)
    {
        using var h = gcn1.call(propagation, x).tanh();
        return gcn2.call(propagation, h).tanh();
    }

    /// <summary>Class logits per node [N, classes].</summary>
    public override Tensor forward(Tensor propagation, Tensor x)
    {
        using var e = Embed(propagation, x);
        return classifier.call(e);
    }
}
