namespace FewShotLearn.Tests.FewShot;

public class AgreementTests
{
    // A scripted round: scores per round, as a trained pipeline would report them.
    static Func<int, RoundRecord> Script(double tolerance, params (double S1, double S2)[] scores) =>
        r => new RoundRecord(r, scores[r - 1].S1, scores[r - 1].S2, tolerance, 0, 0);

    [Fact]
    public void Repetition_stops_at_the_first_round_within_the_tolerance()
    {
        var seen = new List<int>();
        var rounds = Agreement.Repeat(5, Script(0.02, (0.40, 0.76), (0.62, 0.70), (0.69, 0.705), (0.70, 0.70), (0.7, 0.7)), r => seen.Add(r.Round));
        Assert.Equal(3, rounds.Count);                 // gaps 0.36, 0.08, 0.015: agrees in round 3 of at most 5
        Assert.Equal([1, 2, 3], seen);
        Assert.True(rounds[^1].Agreed);
        var summary = Agreement.Summarize(rounds, 5);
        Assert.Equal(3, summary.AgreedAtRound);
        Assert.StartsWith("agreed after 3 of at most 5 rounds", summary.ToString());
    }

    [Fact]
    public void Repetition_stops_at_the_round_limit_when_the_gap_never_closes()
    {
        var rounds = Agreement.Repeat(3, Script(0.02, (0.43, 0.76), (0.38, 0.89), (0.40, 0.88)));
        Assert.Equal(3, rounds.Count);
        Assert.DoesNotContain(rounds, r => r.Agreed);
        var summary = Agreement.Summarize(rounds, 3);
        Assert.Null(summary.AgreedAtRound);
        Assert.Contains("did not agree within 3 rounds", summary.ToString());
        Assert.Contains("0.330, 0.510, 0.480", summary.ToString());
        Assert.Throws<InvalidOperationException>(() => Agreement.Repeat(2, Script(0.02, (double.NaN, 0.5), (0.5, 0.5))));
    }

    [Fact]
    public void Agreement_chart_has_one_category_tick_per_round_and_the_tolerance_line()
    {
        var rounds = Agreement.Repeat(2, Script(0.05, (0.4, 0.6), (0.5, 0.6)));
        var json = Plotly.NET.GenericChart.toChartHTML(Agreement.Chart(rounds));
        Assert.Contains("\"category\"", json);
        Assert.Contains("tolerance 0.05", json);
    }
}
