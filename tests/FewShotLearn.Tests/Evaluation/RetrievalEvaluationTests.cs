namespace FewShotLearn.Tests.Evaluation;

public class RetrievalEvaluationTests
{
    [Fact]
    public void Leave_one_out_is_decided_by_the_content_of_the_queries_not_by_their_name()
    {
        Seeding.Seed(2);
        using var net = new EmbeddingNet(1, [8], CPU);
        using var db = GlyphDataset.Generate(5, 6, seed: 1, device: CPU);
        using var index = Embedder.BuildIndex(net, db, device: CPU);
        Assert.Equal(new ImageShape(1, 28, 28), index.ImageShape);

        // The same images under another name (another spelling of the same data) are the database.
        using var renamed = new LabeledImages("another spelling", db.Images.clone(), db.Labels, db.ClassNames);
        var same = RetrievalEvaluation.Evaluate(index, net, renamed, k: 3);
        Assert.True(same.LeaveOneOut);
        Assert.Equal(RetrievalMetrics.Evaluate(index, index.Embeddings, db.Labels, 3, queriesAreDatabase: true), same.Scores);

        // Other images of the same classes with the database's name are not: no entry is excluded.
        using var other = GlyphDataset.Generate(5, 6, seed: 9, device: CPU);
        using var disguised = new LabeledImages(db.Name, other.Images.clone(), other.Labels, other.ClassNames);
        Assert.False(RetrievalEvaluation.Evaluate(index, net, disguised, k: 3).LeaveOneOut);

        // Queries at another image shape are refused with the index's shape.
        using var small = GlyphDataset.Generate(5, 2, size: 16, seed: 1, device: CPU);
        Assert.Contains("1x28x28", Assert.Throws<ArgumentException>(() => RetrievalEvaluation.Evaluate(index, net, small)).Message);
    }
}
