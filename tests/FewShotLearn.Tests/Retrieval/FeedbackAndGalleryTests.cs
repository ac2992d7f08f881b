using FewShotLearn.Tests.Evaluation;

namespace FewShotLearn.Tests.Retrieval;

public class FeedbackAndGalleryTests
{
    static RetrievalIndex LineIndex() =>
        new(tensor(new float[] { 0, 1, 2, 3, 10 }, 5, 1), [0, 0, 1, 0, 1], ["left", "right"], "f");

    [Fact]
    public void OracleFeedbackMarksByLabelAndReturnsCorrectImagesAsSupport()
    {
        using var index = LineIndex();
        var session = new FeedbackSession(index, new OracleFeedback(0), k: 3);
        var r = session.Ask(tensor(new float[] { 0.2f }), "q");
        Assert.Equal(new long[] { 0, 1, 2 }, r.Results.Select(x => x.Index));
        Assert.Equal(new[] { true, true, false }, r.Marks);
        Assert.Equal(2.0 / 3, r.Accuracy, 12);
        using var db = new LabeledImages("db", rand(5, 1, 4, 4), [0, 0, 1, 0, 1], ["left", "right"]);
        using var support = r.CorrectImages(db, 0, db.ClassNames)!;
        Assert.Equal(2, support.Count);
        Assert.True(support.Images[1].eq(db.Images[1]).all().item<bool>());
        Assert.All(support.Labels, l => Assert.Equal(0, l));
        session.Ask(tensor(new float[] { 9f }), "q2"); // 10 (right), 3 (left), 2 (right) -> 1 of 3 left
        Assert.Equal(3.0 / 6, session.Accuracy, 12);
    }

    [Fact]
    public void ConsoleFeedbackReadsRanksAndAsksAgainOnBadInput()
    {
        using var index = LineIndex();
        var output = new StringWriter();
        var source = new ConsoleFeedback(new StringReader("7\n1 3\n"), output);
        var r = new FeedbackSession(index, source, k: 3).Ask(tensor(new float[] { 0f }), "my query");
        Assert.Equal(new[] { true, false, true }, r.Marks);
        Assert.Contains("'7' is not a rank between 1 and 3", output.ToString());
        Assert.Contains("my query", output.ToString());
        Assert.Equal(new[] { true, true }, ConsoleFeedback.Parse("a", 2, out _));
        Assert.Equal(new[] { false, false }, ConsoleFeedback.Parse("", 2, out _));
    }

    [Fact]
    public void GalleryHtmlEmbedsPngsWithDistancesAndColours()
    {
        var html = Gallery.Html(new GalleryItem(rand(1, 8, 8), "query <x>"),
            [new GalleryItem(rand(3, 8, 8), "good", 0.25, true), new GalleryItem(rand(1, 8, 8), "bad", 1.5, false)], title: "t");
        Assert.Equal(3, html.Split("data:image/png;base64,iVBORw0KGgo").Length - 1); // PNG signature, three images
        Assert.Contains("d = 0.250", html);
        Assert.Contains("d = 1.500", html);
        Assert.Contains("#2ca02c", html);
        Assert.Contains("#d62728", html);
        Assert.Contains("query &lt;x&gt;", html);
    }
}
