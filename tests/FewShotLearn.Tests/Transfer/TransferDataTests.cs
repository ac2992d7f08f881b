namespace FewShotLearn.Tests.Transfer;

public class TransferDataTests
{
    [Fact]
    public void FallsBackToGlyphsWhenTheDataSetsAreMissing()
    {
        var empty = Directory.CreateTempSubdirectory("fsl-nodata-").FullName;
        try
        {
            var suite = TransferData.Load(sourcePerClass: 4, targetPoolPerClass: 3, testPerClass: 2, seed: 1, dataDir: empty, device: CPU);
            Assert.Contains("Fashion-MNIST not found", suite.Description);
            Assert.Contains("MNIST not found", suite.Description);
            Assert.Equal(20, suite.SourceTrain.Count);
            Assert.Equal(15, suite.SimilarTrain.Count);
            Assert.Equal(10, suite.DissimilarTest.Count);
            Assert.All(new[] { suite.SourceTrain, suite.SimilarTest, suite.DissimilarTrain }, d => Assert.Equal(5, d.ClassCount));
            // Similar target: new glyph classes; dissimilar: inverted contrast (mostly bright background).
            Assert.NotEqual(suite.SourceTrain.ClassNames[0], suite.SimilarTrain.ClassNames[0]);
            Assert.True(suite.DissimilarTrain.Images.mean().item<float>() > 0.5f);
            Assert.True(suite.SimilarTrain.Images.mean().item<float>() < 0.5f);
            var sample = TransferData.Sample(suite.SimilarTrain, 7, seed: 3);
            Assert.Equal(7, sample.Count);
            var e = Assert.Throws<ArgumentException>(() => TransferData.Sample(suite.SimilarTrain, 16, seed: 3));
            Assert.Contains("pool has 15", e.Message);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    [Fact]
    public void FallbackTasksAreClutteredSoTheyAreNotTrivialAndAreDeterministicBySeed()
    {
        var empty = Directory.CreateTempSubdirectory("fsl-nodata-").FullName;
        try
        {
            using var plain = FewShotLearn.Data.GlyphDataset.Generate(5, 6, seed: 1, device: CPU, firstClass: 5);
            var a = TransferData.Load(sourcePerClass: 6, targetPoolPerClass: 6, testPerClass: 2, seed: 1, dataDir: empty, device: CPU);
            var b = TransferData.Load(sourcePerClass: 6, targetPoolPerClass: 6, testPerClass: 2, seed: 1, dataDir: empty, device: CPU);
            var c = TransferData.Load(sourcePerClass: 6, targetPoolPerClass: 6, testPerClass: 2, seed: 2, dataDir: empty, device: CPU);
            Assert.Contains("cluttered", a.Description);
            Assert.True(a.SimilarTrain.Images.eq(b.SimilarTrain.Images).all().item<bool>(), "same seed, same images");
            Assert.False(a.SimilarTrain.Images.eq(c.SimilarTrain.Images).all().item<bool>(), "another seed, other images");
            // The same glyphs (same classes, seed and order) lie under the clutter; the background is no longer empty
            // (a distractor glyph and pixel noise), which is what keeps a few dozen images from being learned perfectly.
            var cluttered = a.SimilarTrain.Images;
            Assert.Equal(plain.Images.shape, cluttered.shape);
            float Dark(Tensor t) => (t < 0.1).to(ScalarType.Float32).mean().item<float>();
            Assert.True(Dark(plain.Images) > 0.6f, $"plain glyphs are mostly black ({Dark(plain.Images):F2})");
            Assert.True(Dark(cluttered) < Dark(plain.Images) - 0.2f, $"cluttered background is busy ({Dark(cluttered):F2} dark vs {Dark(plain.Images):F2})");
            Assert.True(cluttered.min().item<float>() >= 0f && cluttered.max().item<float>() <= 1f);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }
}
