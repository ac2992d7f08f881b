using FewShotLearn.Data;
using static TorchSharp.torch;

namespace FewShotLearn.Tests.Data;

public class GlyphDatasetTests
{
    [Fact]
    public void Shape_range_labels_and_names()
    {
        using var set = GlyphDataset.Generate(5, 4, size: 28, seed: 3, device: CPU);
        Assert.Equal(new long[] { 20, 1, 28, 28 }, set.Images.shape);
        Assert.Equal(ScalarType.Float32, set.Images.dtype);
        Assert.True(set.Images.min().item<float>() >= 0f);
        Assert.True(set.Images.max().item<float>() <= 1f);
        Assert.True(set.Images.max().item<float>() > 0.9f, "strokes should reach full intensity");
        Assert.Equal(new long[] { 0, 0, 0, 0, 1, 1, 1, 1 }, set.Labels.Take(8).ToArray());
        Assert.Equal(new[] { "glyph-000", "glyph-001", "glyph-002", "glyph-003", "glyph-004" }, set.ClassNames);
        using var shifted = GlyphDataset.Generate(2, 1, size: 16, seed: 0, device: CPU, firstClass: 250);
        Assert.Equal(new[] { "glyph-250", "glyph-251" }, shifted.ClassNames);
        Assert.Equal(new long[] { 2, 1, 16, 16 }, shifted.Images.shape);
    }

    [Fact]
    public void Same_seed_is_identical_and_other_seed_differs()
    {
        using var a = GlyphDataset.Generate(10, 3, seed: 7, device: CPU);
        using var b = GlyphDataset.Generate(10, 3, seed: 7, device: CPU);
        using var c = GlyphDataset.Generate(10, 3, seed: 8, device: CPU);
        Assert.True(a.Images.eq(b.Images).all().item<bool>());
        Assert.False(a.Images.eq(c.Images).all().item<bool>());
        Assert.True((a.Images - c.Images).abs().mean().item<float>() > 0.01f);
    }

    [Fact]
    public void At_least_200_classes_have_distinct_patterns()
    {
        var keys = Enumerable.Range(0, 300).Select(c => string.Join(";", GlyphPattern.ForClass(c).Segments
            .Select(s => $"{s.X0:F3},{s.Y0:F3},{s.X1:F3},{s.Y1:F3}"))).ToHashSet();
        Assert.Equal(300, keys.Count);
        Assert.All(Enumerable.Range(0, 300), c => Assert.InRange(GlyphPattern.ForClass(c).Segments.Count, 1, 40));
    }

    [Fact]
    public void Nearest_class_mean_on_raw_pixels_beats_chance()
    {
        const int classes = 50;
        using var train = GlyphDataset.Generate(classes, 10, seed: 0, device: CPU);
        using var test = GlyphDataset.Generate(classes, 10, seed: 1, device: CPU);
        using var means = train.Images.reshape(classes, 10, -1).mean(new long[] { 1 });   // [C, D]
        using var distances = cdist(test.Images.reshape(test.Count, -1), means);        // [N, C]
        var predicted = distances.argmin(1).data<long>().ToArray();
        var accuracy = predicted.Zip(test.Labels).Count(p => p.First == p.Second) / (double)test.Count;
        Assert.True(accuracy > 0.9, $"nearest-class-mean accuracy {accuracy:P1} (chance {1.0 / classes:P1})");
    }
}
