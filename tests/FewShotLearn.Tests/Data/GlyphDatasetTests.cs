namespace FewShotLearn.Tests.Data;

public class GlyphDatasetTests
{
    [Fact]
    public void ShapeRangeLabelsAndNames()
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
    public void SameSeedIsIdenticalAndOtherSeedDiffers()
    {
        using var a = GlyphDataset.Generate(10, 3, seed: 7, device: CPU);
        using var b = GlyphDataset.Generate(10, 3, seed: 7, device: CPU);
        using var c = GlyphDataset.Generate(10, 3, seed: 8, device: CPU);
        Assert.True(a.Images.eq(b.Images).all().item<bool>());
        Assert.False(a.Images.eq(c.Images).all().item<bool>());
        Assert.True((a.Images - c.Images).abs().mean().item<float>() > 0.01f);
    }

    [Fact]
    public void TwoHundredClassesRenderDistinctAndRecognisable()
    {
        const int classes = 200;
        using var train = GlyphDataset.Generate(classes, 5, seed: 0, device: CPU);
        using var test = GlyphDataset.Generate(classes, 2, seed: 1, device: CPU);
        using var means = train.Images.reshape(classes, 5, -1).mean(new long[] { 1 });            // [200, 784]
        using var pairwise = cdist(means, means) + eye(classes) * 1e6f;
        var closest = pairwise.min().item<float>();
        Assert.True(closest > 2f, $"two class means are only {closest:F2} apart (L2, raw pixels): classes look alike");
        var predicted = cdist(test.Images.reshape(test.Count, -1), means).argmin(1).data<long>().ToArray();
        var accuracy = predicted.Zip(test.Labels).Count(p => p.First == p.Second) / (double)test.Count;
        Assert.True(accuracy > 0.5, $"200-class nearest-mean accuracy {accuracy:P1} (chance 0.5 %)");
        Assert.All(Enumerable.Range(0, classes), c => Assert.InRange(GlyphPattern.ForClass(c).Segments.Count, 1, 40));
    }

    [Fact]
    public void NearestClassMeanOnRawPixelsBeatsChance()
    {
        const int classes = 50;
        using var train = GlyphDataset.Generate(classes, 10, seed: 0, device: CPU);
        using var test = GlyphDataset.Generate(classes, 10, seed: 1, device: CPU);
        using var means = train.Images.reshape(classes, 10, -1).mean(new long[] { 1 });   // [C, D]
        using var distances = cdist(test.Images.reshape(test.Count, -1), means);        // [N, C]
        var predicted = distances.argmin(1).data<long>().ToArray();
        var accuracy = predicted.Zip(test.Labels).Count(p => p.First == p.Second) / (double)test.Count;
        Assert.True(accuracy > 0.7, $"nearest-class-mean accuracy {accuracy:P1} (chance {1.0 / classes:P1})");
    }
}
