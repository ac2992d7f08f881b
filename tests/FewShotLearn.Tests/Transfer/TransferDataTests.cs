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
}
