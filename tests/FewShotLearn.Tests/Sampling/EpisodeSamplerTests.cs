using FewShotLearn.Tests.FewShot;
using FewShotLearn.Tests.Meta;

namespace FewShotLearn.Tests.Sampling;

public class EpisodeSamplerTests
{
    // Image i is filled with the value i, so the sampled tensors reveal which images were drawn.
    static LabeledImages Data(int classes, int perClass)
    {
        var n = classes * perClass;
        var images = torch.arange(n, dtype: float32).reshape(n, 1, 1, 1).expand(n, 1, 2, 2).contiguous();
        var labels = Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray();
        return new LabeledImages("toy", images, labels, Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray());
    }

    static int[] Ids(Tensor images) => images[.., 0, 0, 0].to_type(int32).data<int>().ToArray();

    [Theory]
    [InlineData(EpisodeMode.DisjointClasses)]
    [InlineData(EpisodeMode.SameClasses)]
    public void EpisodeHasNClassesKShotsAndDisjointImages(EpisodeMode mode)
    {
        using var data = Data(classes: 12, perClass: 8);
        var sampler = new EpisodeSampler(data, seed: 3, device: CPU);
        using var e = sampler.Sample(ways: 5, shots: 3, queries: 4, mode);
        Assert.Equal(new long[] { 15, 1, 2, 2 }, e.SupportImages.shape);
        Assert.Equal(new long[] { 20, 1, 2, 2 }, e.QueryImages.shape);
        var sIds = Ids(e.SupportImages);
        var qIds = Ids(e.QueryImages);
        Assert.Equal(e.SupportIndices, sIds);
        Assert.Equal(e.QueryIndices, qIds);
        Assert.Empty(sIds.Intersect(qIds));
        var sLabels = e.SupportLabels.data<long>().ToArray();
        var qLabels = e.QueryLabels.data<long>().ToArray();
        for (var i = 0; i < sIds.Length; i++) Assert.Equal(e.SupportClasses[sLabels[i]], (int)data.Labels[sIds[i]]);
        for (var i = 0; i < qIds.Length; i++) Assert.Equal(e.QueryClasses[qLabels[i]], (int)data.Labels[qIds[i]]);
        Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(3, sLabels.Count(l => l == c)));
        Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(4, qLabels.Count(l => l == c)));
        Assert.Equal(5, e.SupportClasses.Distinct().Count());
        if (mode == EpisodeMode.DisjointClasses) Assert.Empty(e.SupportClasses.Intersect(e.QueryClasses));
        else Assert.Equal(e.SupportClasses, e.QueryClasses);
    }

    [Fact]
    public void SameSeedSameEpisodesDifferentSeedDifferent()
    {
        using var data = Data(12, 8);
        int[] Draw(int seed) => new EpisodeSampler(data, seed: seed, device: CPU).SampleMany(3, 4, 2, 2).SelectMany(e => { using (e) return e.SupportIndices.Concat(e.QueryIndices).ToArray(); }).ToArray();
        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void RestrictedToClassSplit()
    {
        using var data = Data(10, 6);
        var split = ClassSplit.Random(10, novelCount: 4, seed: 1);
        Assert.Empty(split.Base.Intersect(split.Novel));
        Assert.Equal(10, split.Base.Concat(split.Novel).Distinct().Count());
        var sampler = new EpisodeSampler(data, split.Novel, seed: 1, device: CPU);
        for (var i = 0; i < 5; i++)
        {
            using var e = sampler.Sample(2, 2, 2);
            Assert.All(e.SupportClasses.Concat(e.QueryClasses), c => Assert.Contains(c, split.Novel));
        }
    }

    [Fact]
    public void TooManyWaysNamesBothNumbersAndTheFix()
    {
        using var data = Data(7, 6);
        var sampler = new EpisodeSampler(data, seed: 1, device: CPU);
        Refuses<ArgumentException>(() => sampler.Sample(4, 1, 1, EpisodeMode.DisjointClasses), "8 classes", "only 7", "ways <= 3");
        Refuses<ArgumentException>(() => sampler.Sample(9, 1, 1, EpisodeMode.SameClasses), "only 7", "ways <= 7");
    }

    [Fact]
    public void TooManyShotsPlusQueriesIsAClearError()
    {
        using var data = Data(6, 5);
        var sampler = new EpisodeSampler(data, seed: 1, device: CPU);
        Refuses<ArgumentException>(() => sampler.Sample(2, 3, 3, EpisodeMode.SameClasses), "K+Q = 3+3 = 6", "smallest has 5");
        using var ok = sampler.Sample(2, 3, 2, EpisodeMode.SameClasses);
        Assert.Equal(6, ok.SupportIndices.Length);
    }
}
