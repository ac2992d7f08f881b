using FewShotLearn.Tests.Meta;

namespace FewShotLearn.Tests.Retrieval;

[Collection(MetaTorchCollection.Name)]
public class RelevanceFeedbackTests
{
    // Unit vectors at angles (degrees); class "a" around 0-40 degrees and at 100, class "b" at 60-80.
    static RetrievalIndex Circle(out long[] labels)
    {
        double[] angles = [0, 20, 40, 60, 70, 80, 100];
        labels = [0, 0, 0, 1, 1, 1, 0];
        var xy = angles.SelectMany(a => new[] { Math.Cos(a * Math.PI / 180), Math.Sin(a * Math.PI / 180) }).Select(v => (float)v).ToArray();
        return new RetrievalIndex(tensor(xy, 7, 2), labels, ["a", "b"], "circle");
    }

    [Fact]
    public void Marks_change_the_next_ranking_toward_the_correct_results_and_show_new_images()
    {
        using var index = Circle(out _);
        // A query of class a at 73 degrees: its top-3 are 70, 80, 60 (all class b), then 100 (a).
        var q = tensor(new[] { (float)Math.Cos(73 * Math.PI / 180), (float)Math.Sin(73 * Math.PI / 180) });
        var session = new FeedbackSession(index, new TypedFeedback("", "1"), k: 3);
        var first = session.Ask(q, "q");
        Assert.Equal(new long[] { 4, 5, 3 }, first.Results.Select(r => r.Index));
        Assert.All(first.Marks, m => Assert.False(m));                  // the person marks all three wrong
        var refined = session.Refine(q, [first], new Rocchio(Alpha: 1, Beta: 0.75, Gamma: 0.75));
        var next = session.Ask(refined, "q again", first.Results.Select(r => r.Index).ToArray());
        Assert.DoesNotContain(next.Results, r => first.Results.Any(f => f.Index == r.Index));   // new images only
        Assert.Equal(0, next.Results[0].Label);                         // moved away from b: the nearest is now class a
        Assert.True(next.Marks[0]);
        var plain = index.SearchOne(q, 4).Select(r => r.Index).ToArray();
        var moved = index.SearchOne(refined, 4).Select(r => r.Index).ToArray();
        Assert.NotEqual(plain, moved);                                  // the marks changed the ranking itself
    }

    [Fact]
    public void Typed_feedback_gives_one_line_per_query_and_names_the_problem()
    {
        var results = new[] { new RankedResult(1, 0, 0, "a", 0.1, null), new RankedResult(2, 1, 1, "b", 0.2, null) };
        var typed = new TypedFeedback("2", "x");
        Assert.Equal(new[] { false, true }, typed.Mark("q1", results));
        Assert.Contains("'x' is not a rank", Assert.Throws<ArgumentException>(() => typed.Mark("q2", results)).Message);
        Assert.Throws<InvalidOperationException>(() => typed.Mark("q3", results));
    }

    [Fact]
    public void Oracle_feedback_rounds_change_the_next_search_of_a_target_task()
    {
        Seeding.Seed(9);
        using var target = GlyphDataset.Generate(6, 12, 16, seed: 8, device: CPU);
        var net = new EmbeddingNet(1, [8, 8], CPU);
        net.eval();
        var adaptation = new Adaptation(net.ForwardWith, SupportLosses.For(1), steps: 2, lr: 0.1);
        using var task = new EpisodeSampler(target, seed: 2, device: CPU).Sample(3, 1, 10, EpisodeMode.SameClasses);
        var outcome = FeedbackRound.Run(net, adaptation, task, new FeedbackOptions { QueriesPerClass = 2, K = 3, Rounds = 2 });
        Assert.Equal(2, outcome.Rounds);
        Assert.Equal(2 * 6, outcome.Scores.Count);                      // 2 rounds x 6 queries
        Assert.Equal(12, outcome.History.Count);
        // Round 2 shows each query 3 images it has not seen in round 1.
        for (var q = 0; q < 6; q++)
            Assert.Empty(outcome.History[q].Results.Select(r => r.Index).Intersect(outcome.History[6 + q].Results.Select(r => r.Index)));
        // The marks changed the next ranking: some query's residual scores differ between the plain and the refined search.
        Assert.Contains(outcome.Scores, s => s.MapAtRAfter != s.MapAtRBefore);
        var study = new FeedbackStudy([outcome, outcome], new FeedbackOptions { K = 3, Rounds = 2 });
        Assert.Equal(2, study.Rows().Count);
        Assert.Contains("Δ mAP@R", study.ToMarkdown());
    }
}
