namespace FewShotLearn.Tests.FewShot;

public class SplitTests
{
    // A 10-class "searched kind" without downloads: glyph classes 500-509, train and test drawn with different seeds.
    static (LabeledImages Source, LabeledImages Train, LabeledImages Test) TenClasses() =>
        (GlyphDataset.Generate(12, 4, 12, seed: 0, device: CPU),
         GlyphDataset.Generate(10, 44, 12, seed: 1, device: CPU, firstClass: 500),
         GlyphDataset.Generate(10, 12, 12, seed: 2, device: CPU, firstClass: 500));

    static HashSet<string> ImageKeys(LabeledImages data)
    {
        var flat = data.Images.reshape(data.Count, -1).cpu().data<float>().ToArray();
        var size = flat.Length / data.Count;
        return Enumerable.Range(0, data.Count).Select(i => Convert.ToBase64String(flat.AsSpan(i * size, size).ToArray().SelectMany(BitConverter.GetBytes).ToArray())).ToHashSet();
    }

    [Fact]
    public void UnseenClassProtocolKeepsMetaTrainMetaValidationAndTargetClassesDisjoint()
    {
        var (source, train, test) = TenClasses();
        using (train) using (test)
        using (var split = CrossDomainSplit.Searched(TargetProtocol.UnseenClasses, source, "glyphs", "glyph-10", train, test, metaPerClass: 20, targetPerClass: 10, seed: 1))
        {
            var metaTrain = split.MetaTrain.ClassNames.ToHashSet();
            var validation = split.MetaValidation.ClassNames.ToHashSet();
            var target = split.Target.ClassNames.ToHashSet();
            Assert.Equal(4, metaTrain.Count);
            Assert.Equal(2, validation.Count);
            Assert.Equal(4, target.Count);
            Assert.Empty(metaTrain.Intersect(validation));
            Assert.Empty(metaTrain.Intersect(target));
            Assert.Empty(validation.Intersect(target));
            // Ten classes limit the ways: 4-way target tasks, 2-way disjoint-class meta-train episodes, 2-way meta-validation.
            Assert.Equal(4, split.TargetWays());
            Assert.Equal(2, split.MetaTrainWays(EpisodeMode.DisjointClasses));
            Assert.Equal(2, split.MetaValidationWays());
            Assert.Equal(TargetProtocol.UnseenClasses, split.Protocol);
        }
    }

    [Fact]
    public void ClaimOneProtocolSearchesTheMetaTrainClassesInADatabaseOfOtherImages()
    {
        var (source, train, test) = TenClasses();
        using (train) using (test)
        using (var split = CrossDomainSplit.Searched(TargetProtocol.SameClasses, source, "glyphs", "glyph-10", train, test, metaPerClass: 20, targetPerClass: 10, seed: 1))
        {
            Assert.Equal(split.MetaTrain.ClassNames, split.Target.ClassNames);     // the very classes to be searched
            Assert.Equal(20 * 10, split.MetaTrain.Count);                          // a few labelled images of each
            var metaTrain = ImageKeys(split.MetaTrain);
            var validation = ImageKeys(split.MetaValidation);
            var target = ImageKeys(split.Target);
            Assert.Equal(split.MetaTrain.Count, metaTrain.Count);
            Assert.Empty(metaTrain.Intersect(validation));
            Assert.Empty(metaTrain.Intersect(target));                             // the database holds OTHER images of those classes
            Assert.Empty(validation.Intersect(target));
            Assert.Equal(5, split.TargetWays());
            Assert.Equal(5, split.MetaTrainWays(EpisodeMode.DisjointClasses));     // support and query classes disjoint (claims 4-5)
        }
    }

    [Fact]
    public void GlyphSplitClassesAreDisjointAndUnknownNamesSayWhatExists()
    {
        using var split = CrossDomainSplit.Glyphs(baseClasses: 6, metaClasses: 4, heldOutClasses: 4, targetClasses: 4, perClass: 3, size: 12, device: CPU);
        var sets = new[] { split.Source, split.MetaTrain, split.MetaValidation, split.Target }.Select(s => s.ClassNames.ToHashSet()).ToArray();
        for (var i = 0; i < sets.Length; i++)
            for (var j = i + 1; j < sets.Length; j++)
                Assert.Empty(sets[i].Intersect(sets[j]));
        var e = Assert.Throws<ArgumentException>(() => CrossDomainSplit.Create("cifar", TargetProtocol.UnseenClasses));
        Assert.Contains("glyphs, mnist, fashion", e.Message);
        Assert.Contains("--protocol", Assert.Throws<ArgumentException>(() => CrossDomainSplit.ParseProtocol("both")).Message);
    }
}
