using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace FewShotLearn.Models;

/// <summary>A multi-layer perceptron on flattened images: flatten, fc1, ReLU, fc2, log_softmax. It sees pixels as an
/// unordered vector, which is what the course contrasts CNNs with.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public readonly Sequential layers;

    /// <summary>An MLP for <paramref name="inputs"/> pixels (C*H*W), one hidden layer.</summary>
    public Mlp(int inputs, int classes = 10, int hidden = 128) : base(nameof(Mlp))
    {
        if (inputs <= 0 || classes < 2 || hidden <= 0) throw new ArgumentException($"Mlp needs inputs > 0, classes >= 2, hidden > 0; got {inputs}, {classes}, {hidden}.");
        layers = Sequential(("flatten", Flatten()), ("fc1", Linear(inputs, hidden)), ("relu", ReLU()), ("fc2", Linear(hidden, classes)), ("log_softmax", LogSoftmax(1)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => layers.call(input);

    /// <summary>The first layer's weights [hidden, inputs].</summary>
    public Tensor FirstLayerWeight => layers.named_parameters().First(p => p.name == "fc1.weight").parameter;
}
