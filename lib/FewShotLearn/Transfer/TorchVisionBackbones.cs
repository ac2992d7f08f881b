using TorchSharp.Modules;

namespace FewShotLearn.Transfer;

/// <summary>
/// Splits TorchVision model definitions (ResNet, VGG, MobileNetV2) into backbone blocks and a head, so the same
/// freezing and head replacement works on them. Load pretrained weights into the TorchVision model first
/// (<see cref="WeightFiles"/>), then split: the blocks share those weights.
/// </summary>
public static class TorchVisionBackbones
{
    /// <summary>Splits a TorchVision model into a <see cref="TransferModel"/> with a new head for <paramref name="classes"/>.</summary>
    public static TransferModel Split(nn.Module<Tensor, Tensor> model, int classes, Device? device = null)
    {
        var children = model.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        nn.Module<Tensor, Tensor> Child(string n) => children.TryGetValue(n, out var m) ? m
            : throw new ArgumentException($"{model.GetType().Name} has no child '{n}' (children: {string.Join(", ", children.Keys)}).");
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long features;
        switch (model)
        {
            case ResNet:
                // TorchVision's ResNet: conv1, bn1, relu, maxpool, layer1..layer4, avgpool, flatten, fc.
                blocks.Add(("stem", nn.Sequential(("conv1", Child("conv1")), ("bn1", Child("bn1")), ("relu", Child("relu")), ("maxpool", Child("maxpool")))));
                for (var i = 1; i <= 4; i++) blocks.Add(($"layer{i}", Child($"layer{i}")));
                blocks.Add(("pool", nn.Sequential(("avgpool", Child("avgpool")), ("flatten", nn.Flatten()))));
                features = ((Linear)Child("fc")).in_features;
                break;
            case VGG:
                // features (conv stacks, each ending in a max-pool) -> block1..block5; classifier minus its last layer -> fc.
                var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
                foreach (var (n, m) in Child("features").named_children())
                {
                    stage.Add((n, (nn.Module<Tensor, Tensor>)m));
                    if (m is MaxPool2d) { blocks.Add(($"block{blocks.Count + 1}", nn.Sequential(stage))); stage = []; }
                }
                if (stage.Count > 0) blocks.Add(($"block{blocks.Count + 1}", nn.Sequential(stage)));
                blocks.Add(("pool", nn.Sequential(("avgpool", Child("avgpool")), ("flatten", nn.Flatten()))));
                var cls = Child("classifier").named_children().Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)).ToList();
                features = ((Linear)cls[^1].Item2).in_features;
                blocks.Add(("fc", nn.Sequential(cls.Take(cls.Count - 1))));
                break;
            case MobileNetV2:
                // features[0] is the stem, 1..17 the inverted-residual blocks, 18 the final 1x1 conv.
                foreach (var (n, m) in Child("features").named_children()) blocks.Add(($"features{n}", (nn.Module<Tensor, Tensor>)m));
                blocks.Add(("pool", nn.Sequential(("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()))));
                features = Child("classifier").modules().OfType<Linear>().Last().in_features;
                break;
            default:
                throw new ArgumentException($"Cannot split {model.GetType().Name}: supported are TorchVision ResNet, VGG and MobileNetV2 " +
                    "(or build a TransferModel from your own named blocks).");
        }
        var result = new TransferModel(model.GetName(), blocks, features, nn.Linear(features, classes));
        result.to(device ?? Devices.Default);
        return result;
    }
}
