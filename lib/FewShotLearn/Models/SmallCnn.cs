using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace FewShotLearn.Models;

/// <summary>
/// The course's MNIST CNN: [conv 3x3 (same padding) - (batch norm) - ReLU - max pool 2] per entry of <c>channels</c>,
/// then flatten, a hidden fully connected layer with ReLU and dropout, and a linear layer to the classes followed by
/// log_softmax. With <c>batchNorm</c> every convolution is followed by a BatchNorm2d (named bn1, bn2, ...) and has no bias
/// (the batch norm's shift replaces it).
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    /// <summary>Convolution blocks (named conv1, relu1, pool1, conv2, ...): the feature extractor.</summary>
    public readonly Sequential features;

    /// <summary>flatten, fc1, relu, dropout, fc2, log_softmax: the classifier head.</summary>
    public readonly Sequential classifier;

    /// <summary>Channels of each convolution block.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Whether each convolution is followed by batch normalisation.</summary>
    public bool BatchNorm { get; }

    /// <summary>Number of output classes.</summary>
    public int Classes { get; }

    /// <summary>Builds the network for <paramref name="inputChannels"/> x <paramref name="imageSize"/>² inputs.</summary>
    public SmallCnn(int classes = 10, int inputChannels = 1, int imageSize = 28, int[]? channels = null, int hidden = 128, double dropout = 0.25,
        int kernelSize = 3, bool batchNorm = false) : base(nameof(SmallCnn))
    {
        channels ??= new[] { 32, 64 };
        if (channels.Length == 0 || channels.Any(c => c <= 0)) throw new ArgumentException($"channels must be a non-empty list of positive numbers; got [{string.Join(", ", channels)}].");
        if (classes < 2) throw new ArgumentException($"A classifier needs at least 2 classes; got {classes}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentException($"dropout must be in [0, 1); got {dropout}.");
        Channels = channels;
        Classes = classes;
        BatchNorm = batchNorm;
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        int inC = inputChannels, size = imageSize;
        for (int i = 0; i < channels.Length; i++)
        {
            if (size < 2)
                throw new ArgumentException($"{channels.Length} conv blocks halve {imageSize}x{imageSize} images {channels.Length} times, below 1 pixel: " +
                    $"use at most {(int)Math.Log2(imageSize)} blocks (fewer channel entries, e.g. channels 32,64).");
            size = ConvArithmetic.OutputSize(size, 2, 2);
            blocks.Add(($"conv{i + 1}", Conv2d(inC, channels[i], kernelSize, padding: kernelSize / 2, bias: !batchNorm)));
            if (batchNorm) blocks.Add(($"bn{i + 1}", BatchNorm2d(channels[i])));
            blocks.Add(($"relu{i + 1}", ReLU()));
            blocks.Add(($"pool{i + 1}", MaxPool2d(2)));
            inC = channels[i];
        }
        features = Sequential(blocks);
        classifier = Sequential(
            ("flatten", Flatten()),
            ("fc1", Linear(inC * size * size, hidden)),
            ("relu", ReLU()),
            ("dropout", Dropout(dropout)),
            ("fc2", Linear(hidden, classes)),
            ("log_softmax", LogSoftmax(1)));
        RegisterComponents();
    }

    /// <summary>The convolution layers in order (conv1, conv2, ...).</summary>
    public IReadOnlyList<Conv2d> ConvLayers => features.children().OfType<Conv2d>().ToList();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => classifier.call(features.call(input));
}
