namespace FewShotLearn.Tests.Vision;

public class ConvArithmeticTests
{
    [Theory]
    [InlineData(5, 3, 1, 0, 1, 3)]     // course: 5x5 image, 3x3 filter -> 3x3
    [InlineData(5, 3, 1, 1, 1, 5)]     // zero-padded to 7x7 -> 5x5
    [InlineData(224, 2, 2, 0, 1, 112)] // pooling 224 -> 112
    [InlineData(7, 3, 2, 0, 1, 3)]
    [InlineData(7, 3, 1, 0, 2, 3)]     // dilation 2: effective kernel 5
    [InlineData(256, 5, 1, 2, 1, 256)]
    public void OutputSizeFollowsTheFormula(int input, int kernel, int stride, int padding, int dilation, int expected) =>
        Assert.Equal(expected, ConvArithmetic.OutputSize(input, kernel, stride, padding, dilation));

    [Fact]
    public void CeilModeKeepsThePartialWindow()
    {
        Assert.Equal(3, ConvArithmetic.OutputSize(7, 2, 2));
        Assert.Equal(4, ConvArithmetic.OutputSize(7, 2, 2, ceilMode: true));
        Assert.Equal(3, ConvArithmetic.OutputSize(6, 2, 2, ceilMode: true));
    }

    [Fact]
    public void ImpossibleCombinationsExplainThemselves()
    {
        Assert.Contains("Stride must be at least 1", Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(5, 3, 0)).Message);
        var tooBig = Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(4, 7, 1, 1));
        Assert.Contains("padded input is only 6", tooBig.Message);
        Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(5, 3, 1, -1));
        Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(0, 3));
        Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(5, 3, 1, 0, 0));
        Assert.Throws<ArgumentException>(() => ConvArithmetic.SamePadding(4));
        Assert.Throws<ArgumentException>(() => ReferenceConvolution.Apply(new double[2, 2], new double[3, 3]));
    }
}
