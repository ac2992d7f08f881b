using System.Diagnostics;

namespace FewShotLearn.Transfer;

/// <summary>One row of the model family table: publication year (metadata) and figures computed from a real instance.</summary>
public sealed record ModelFamilyRow(string Model, [property: Column(Format = "0")] int Year, [property: Column("Definition from")] string Source,
    [property: Column("Conv + linear layers")] int ConvLinearLayers, [property: Column("Depth (main path)")] int MainPathLayers,
    [property: Column(Hidden = true)] long Parameters, [property: Column("Built in", Unit = "s", Format = "0.00")] double ConstructSeconds)
{
    /// <summary>Parameters in millions.</summary>
    [Column("Parameters", Unit = "M", Format = "0.0")]
    public double ParametersMillions => Parameters / 1e6;
    /// <summary>Weight memory in MiB at float32.</summary>
    [Column("Weights", Unit = "MiB, float32", Format = "0")]
    public double WeightsMiB => Parameters * 4 / 1024.0 / 1024.0;
}

/// <summary>
/// Builds the classic ImageNet architectures from their definitions (random weights, nothing downloaded) and
/// counts parameters and weighted layers.
/// </summary>
public static class ModelFamily
{
    /// <summary>A model of the table: name, year of its paper, where the definition comes from, and a constructor.</summary>
    public sealed record Entry(string Model, int Year, string Source, Func<Device, nn.Module> Build);

    /// <summary>VGG16/19, ResNet-18/50/152, MobileNetV2, EfficientNet-B0/B7 (1000 ImageNet classes).</summary>
    public static IReadOnlyList<Entry> Standard { get; } =
    [
        new("VGG16", 2014, "TorchVision", d => torchvision.models.vgg16(device: d)),
        new("VGG19", 2014, "TorchVision", d => torchvision.models.vgg19(device: d)),
        new("ResNet-18", 2015, "TorchVision", d => torchvision.models.resnet18(device: d)),
        new("ResNet-50", 2015, "TorchVision", d => torchvision.models.resnet50(device: d)),
        new("ResNet-152", 2015, "TorchVision", d => torchvision.models.resnet152(device: d)),
        new("MobileNetV2", 2018, "TorchVision", d => torchvision.models.mobilenet_v2().to(d)),
        new("EfficientNet-B0", 2019, "FewShotLearn (TorchVision recipe)", d => new EfficientNet(0, device: d)),
        new("EfficientNet-B7", 2019, "FewShotLearn (TorchVision recipe)", d => new EfficientNet(7, device: d)),
    ];

    /// <summary>The small entries only (ResNet-18, MobileNetV2, EfficientNet-B0): quick to build anywhere.</summary>
    public static IReadOnlyList<Entry> Small => Standard.Where(e => e.Model is "ResNet-18" or "MobileNetV2" or "EfficientNet-B0").ToList();

    /// <summary>Builds each entry on <paramref name="device"/> (CPU by default), measures it and frees it.</summary>
    public static IReadOnlyList<ModelFamilyRow> Measure(IEnumerable<Entry>? entries = null, Device? device = null)
    {
        var rows = new List<ModelFamilyRow>();
        foreach (var e in entries ?? Standard)
        {
            var sw = Stopwatch.StartNew();
            using var m = e.Build(device ?? CPU);
            sw.Stop();
            var (all, main) = CountLayers(m);
            rows.Add(new ModelFamilyRow(e.Model, e.Year, e.Source, all, main, m.parameters().Sum(p => p.numel()), sw.Elapsed.TotalSeconds));
            GC.Collect();
        }
        return rows;
    }

    /// <summary>
    /// Counts Conv2d and Linear layers: all of them, and those on the main path (without ResNet shortcut
    /// projections and squeeze-and-excitation gates, which the usual "depth" of a paper does not count).
    /// </summary>
    public static (int All, int MainPath) CountLayers(nn.Module model)
    {
        var layers = model.named_modules().Where(m => m.module is TorchSharp.Modules.Conv2d or TorchSharp.Modules.Linear).ToList();
        var main = layers.Count(m => !m.name.Contains("downsample") && !IsSqueezeExcitation(m.name));
        return (layers.Count, main);
    }

    private static bool IsSqueezeExcitation(string name) => name.EndsWith(".fc1") || name.EndsWith(".fc2");
}
