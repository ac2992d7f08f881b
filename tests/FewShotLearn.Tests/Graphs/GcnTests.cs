namespace FewShotLearn.Tests.Graphs;

public class GcnTests
{
    private static readonly Device Cpu = CPU;

    [Fact]
    public void NormalisedPropagationMatchesHandComputation()
    {
        // Path 0 - 1 - 2: A + I has degrees 2, 3, 2, so Â[i, j] = 1 / sqrt(d_i d_j) on A + I's entries.
        var g = new Graph(3, [(0, 1), (1, 2)]);
        using var a = g.Adjacency(Cpu);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, a.data<float>().ToArray());
        using var p = GcnPropagation.Dense(g, Cpu);
        double s6 = 1 / Math.Sqrt(6);
        var expected = new[] { 0.5, s6, 0, s6, 1.0 / 3, s6, 0, s6, 0.5 };
        var got = p.data<float>().ToArray();
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], got[i], 6);
        using var sparse = GcnPropagation.Sparse(g, Cpu);
        Assert.True(sparse.is_sparse);
        using var dense = sparse.to_dense();
        Assert.True(dense.allclose(p, 1e-6, 1e-7));
    }

    [Fact]
    public void DirectedEdgesAndFeatureMatrixAreAsDefined()
    {
        var g = new Graph(4, [(0, 1), (1, 2), (2, 3), (3, 0), (0, 1)], directed: true);
        Assert.Equal(4, g.Edges.Count);   // the repeated edge is merged
        using var a = g.Adjacency(Cpu);
        Assert.Equal(1f, a[0, 1].item<float>());
        Assert.Equal(0f, a[1, 0].item<float>());
        using var f = g.FeatureMatrix(Cpu);
        Assert.True(f.allclose(eye(4)));
        var e = Assert.Throws<ArgumentException>(() => new Graph(3, [(0, 3)]));
        Assert.Contains("(0, 3)", e.Message);
    }

    [Fact]
    public void LayerIsPropagationTimesFeaturesTimesWeightsPlusBias()
    {
        Seeding.Seed(3);
        var g = new Graph(4, [(0, 1), (1, 2), (2, 3), (3, 1)]);
        using var layer = new GcnLayer(4, 3);
        using var p = GcnPropagation.Dense(g, Cpu);
        using var x = rand(4, 4);
        using var _ = no_grad();
        layer.Bias.add_(0.5);
        using var byHand = p.mm(x).mm(layer.Weight.t()) + layer.Bias;
        using var out1 = layer.call(p, x);
        Assert.True(out1.allclose(byHand, 1e-5, 1e-6));
    }

    [Fact]
    public void SparseAndDensePropagationAgreeOnTheKarateClub()
    {
        Seeding.Seed(4);
        var g = KarateClub.Graph();
        using var dense = GcnPropagation.Dense(g, Cpu);
        using var sparse = GcnPropagation.Sparse(g, Cpu);
        using var x = rand(34, 5);
        using var a = dense.mm(x);
        using var b = sparse.matmul(x);
        Assert.True(a.allclose(b, 1e-5, 1e-6));
        using var layer = new GcnLayer(5, 3);
        using var _ = no_grad();
        Assert.True(layer.call(dense, x).allclose(layer.call(sparse, x), 1e-5, 1e-6));
    }

    /// <summary>The readouts every permutation and batching theory runs over.</summary>
    public static TheoryData<ReadoutKind> Readouts => new() { ReadoutKind.Mean, ReadoutKind.Sum, ReadoutKind.Max };

    [Theory]
    [MemberData(nameof(Readouts))]
    public void GraphEmbeddingIgnoresNodeOrder(ReadoutKind readout)
    {
        Seeding.Seed(5);
        var g = GraphFamilies.RandomTree(9, new Random(1));
        g = g.WithFeatures(GraphFeatures.DegreeOneHot(g, 8, Cpu) + rand(9, 9) * 0.1);
        var permuted = g.Permute([4, 7, 0, 8, 2, 6, 1, 3, 5]);
        using var model = new GcnGraphClassifier(9, 5, hidden: 8, readout: readout);
        model.eval();
        using var _ = no_grad();
        using var b1 = new GraphBatch([g], Cpu);
        using var b2 = new GraphBatch([permuted], Cpu);
        using var e1 = model.Embed(b1);
        using var e2 = model.Embed(b2);
        Assert.True(e1.allclose(e2, 1e-5, 1e-6), $"{readout}: {e1.str()} vs {e2.str()}");
        // The permuted graph really differs node by node.
        using var a1 = g.Adjacency(Cpu);
        using var a2 = permuted.Adjacency(Cpu);
        Assert.False(a1.allclose(a2));
    }

    [Theory]
    [MemberData(nameof(Readouts))]
    public void BatchedReadoutEqualsPerGraphReadout(ReadoutKind readout)
    {
        Seeding.Seed(6);
        using var nodes = randn(7, 3);
        using var index = tensor(new long[] { 1, 0, 1, 2, 0, 1, 2 });
        using var batched = GraphReadout.Apply(nodes, index, 3, readout);
        for (var g = 0; g < 3; g++)
        {
            using var sel = nodes.index_select(0, tensor(Enumerable.Range(0, 7).Where(i => index[i].item<long>() == g).Select(i => (long)i).ToArray()));
            using var single = GraphReadout.Apply(sel, readout);
            Assert.True(batched[g].allclose(single, 1e-5, 1e-6), $"{readout} graph {g}");
        }
    }

    [Fact]
    public void KarateClubIsZacharysGraph()
    {
        var g = KarateClub.Graph();
        Assert.Equal(34, g.NodeCount);
        Assert.Equal(78, g.Edges.Count);
        var deg = g.Degrees();
        Assert.Equal(16, deg[0]);    // the instructor
        Assert.Equal(17, deg[33]);   // the administrator
        Assert.Equal(156, deg.Sum());
        Assert.Equal(17, KarateClub.Factions.Count(f => f == 0));
        Assert.Equal(0, KarateClub.Factions[0]);
        Assert.Equal(1, KarateClub.Factions[33]);
    }

    [Fact]
    public void KarateClubNodeClassificationFromFourLabels()
    {
        Seeding.Seed(42);
        var g = KarateClub.Graph();
        using var p = GcnPropagation.Dense(g, Cpu);
        using var x = g.FeatureMatrix(Cpu);
        using var model = new GcnNodeClassifier(34, 2);
        int[] labelled = [0, 1, 32, 33];
        var r = GcnTraining.TrainNodes(model, p, x, KarateClub.Factions, labelled, epochs: 200);
        Assert.True(r.Losses[^1] < r.Losses[0] / 4, $"loss {r.Losses[0]} -> {r.Losses[^1]}");
        Assert.Equal(1.0, r.TrainAccuracy[^1]);
        Assert.True(r.FinalTestAccuracy >= 0.8, $"accuracy on the 30 unlabelled members: {r.FinalTestAccuracy}");
    }

    [Fact]
    public void GraphFamiliesAreLearnedWithMeanReadout()
    {
        Seeding.Seed(7);
        var data = GraphFamilies.Generate(24, seed: 1);
        Assert.Equal(120, data.Count);
        Assert.All(GraphFamilies.Names.Select((_, i) => i), f => Assert.Equal(24, data.Count(d => d.Label == f)));
        Assert.All(data.Where(d => d.Label == 0), d => Assert.All(d.Graph.Degrees(), x => Assert.Equal(2, x)));
        var train = data.Take(80).ToList();
        var test = data.Skip(80).ToList();
        using var model = new GcnGraphClassifier(9, 5, hidden: 16);
        var r = GcnTraining.TrainGraphs(model, train, test, epochs: 25, batchSize: 16, seed: 1, device: Cpu);
        Assert.True(r.FinalTestAccuracy >= 0.7, $"test accuracy {r.FinalTestAccuracy}");
    }
}
