namespace FewShotLearn.Tests.Vision;

public class PixelPermutationTests
{
    [Fact]
    public void ShuffleIsAPermutationAndPermutedMlpWeightsGiveIdenticalOutputs()
    {
        var p = new PixelPermutation(6, 5, seed: 3);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), p.Order.OrderBy(i => i));
        using var images = rand(4, 1, 6, 5);
        using var shuffled = p.Apply(images);
        Assert.Equal(images.shape, shuffled.shape);
        Assert.False(shuffled.allclose(images));
        Assert.True(shuffled.sum().allclose(images.sum()));
        Seeding.Seed(1);
        using var mlp = new Mlp(30, classes: 3, hidden: 7);
        Seeding.Seed(1);
        using var twin = new Mlp(30, classes: 3, hidden: 7);
        using (no_grad()) twin.FirstLayerWeight.copy_(p.PermuteWeightColumns(twin.FirstLayerWeight));
        Assert.True(mlp.call(images).allclose(twin.call(shuffled), atol: 1e-6));
        Assert.Throws<ArgumentException>(() => p.Apply(rand(1, 1, 5, 6)));
    }

    [Fact]
    public void PredictionScoresAreProbabilitiesSortedDescending()
    {
        Seeding.Seed(2);
        using var model = new SmallCnn(classes: 3, channels: new[] { 2 }, hidden: 4);
        var scores = Prediction.Scores(model, rand(1, 1, 28, 28), new[] { "a", "b", "c" });
        Assert.Equal(1.0, scores.Sum(s => s.Probability), 5);
        Assert.True(scores[0].Probability >= scores[1].Probability && scores[1].Probability >= scores[2].Probability);
        Assert.All(scores, s => Assert.Equal(Math.Log(s.Probability), s.LogProbability, 5));
        Assert.Throws<ArgumentException>(() => Prediction.Scores(model, rand(1, 1, 28, 28), new[] { "a", "b" }));
    }

    [Fact]
    public void CourseDataFallsBackToGlyphsAndSaysSo()
    {
        var empty = Directory.CreateTempSubdirectory("fsl-nodata-").FullName;
        try
        {
            using var data = CourseData.Load("mnist", trainLimit: 50, testLimit: 20, seed: 1, dataDir: empty);
            Assert.Equal("glyphs", data.Source);
            Assert.Contains("FALLING BACK", data.Note);
            Assert.Equal((50, 20, 10), (data.Train.Count, data.Test.Count, data.Train.ClassCount));
            Assert.Equal(new long[] { 50, 1, 28, 28 }, data.Train.Images.shape);
            Assert.Throws<DataSetMissingException>(() => CourseData.Load("mnist", dataDir: empty, fallbackToGlyphs: false));
            Assert.Contains("Unknown data set", Assert.Throws<ArgumentException>(() => CourseData.Load("cifar")).Message);
        }
        finally { Directory.Delete(empty, true); }
    }
}
