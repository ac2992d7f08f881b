namespace FewShotLearn.Tests.Evaluation;

public class PairedDifferenceTests
{
    [Fact]
    public void PairingCancelsTheTaskToTaskVariation()
    {
        double[] b = [0.1, 0.5, 0.9, 0.3, 0.7];
        var a = b.Select(x => x + 0.05).ToArray();
        var d = PairedDifference.Of(a, b);
        Assert.Equal(0.05, d.Mean, 9);
        Assert.Equal(0.0, d.HalfWidth, 9);      // a constant shift: no uncertainty once paired
        Assert.Equal(1, PairedDifference.Sign(d));
        // Unpaired, the two intervals overlap widely.
        Assert.True(Statistics.MeanCI95(a).Lower < Statistics.MeanCI95(b).Upper);
    }

    [Fact]
    public void HalfWidthIsTheStudentIntervalOfTheDifferences()
    {
        double[] a = [1, 2, 3, 4];
        double[] b = [1, 1, 1, 1];
        var d = PairedDifference.Of(a, b);     // differences 0, 1, 2, 3: mean 1.5, sd 1.291, t(3) = 3.182
        Assert.Equal(1.5, d.Mean, 9);
        Assert.Equal(3.182 * Math.Sqrt(5.0 / 3) / 2, d.HalfWidth, 6);
        Assert.Equal(0, PairedDifference.Sign(new MeanInterval(0.01, 0.02, 0, 10)));
        Assert.Equal(-1, PairedDifference.Sign(new MeanInterval(-0.05, 0.02, 0, 10)));
        Assert.Throws<ArgumentException>(() => PairedDifference.Of([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => PairedDifference.Of([double.NaN], [1]));
    }
}
