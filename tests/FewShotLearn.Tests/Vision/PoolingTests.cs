namespace FewShotLearn.Tests.Vision;

public class PoolingTests
{
    static Tensor Slice() => Matrices.ToTensor(Matrices.Parse("1 1 2 4 / 5 6 7 8 / 3 2 1 0 / 1 2 3 4"), CPU);

    [Fact]
    public void CourseSliceMaxPoolGives6834()
    {
        using var x = Slice();
        Assert.True(Matrices.AllClose(Matrices.Parse("6 8 / 3 4"), Matrices.FromTensor(Pooling.Max(x))));
    }

    [Fact]
    public void MinAndAveragePooling()
    {
        using var x = Slice();
        Assert.True(Matrices.AllClose(Matrices.Parse("1 2 / 1 0"), Matrices.FromTensor(Pooling.Min(x))));
        Assert.True(Matrices.AllClose(Matrices.Parse("3.25 5.25 / 2 2"), Matrices.FromTensor(Pooling.Average(x))));
    }

    [Fact]
    public void ShapesFollowArithmeticIncludingNonDivisibleSizes()
    {
        using var big = zeros(1, 64, 224, 224);
        Assert.Equal(new long[] { 1, 64, 112, 112 }, Pooling.Max(big).shape);
        using var seven = arange(49, dtype: float32).reshape(7, 7);
        using var floor = Pooling.Max(seven);
        using var ceil = Pooling.Max(seven, ceilMode: true);
        Assert.Equal(new long[] { 3, 3 }, floor.shape);
        Assert.Equal(new long[] { 4, 4 }, ceil.shape);
        Assert.Equal(48f, ceil[3, 3].item<float>()); // the lone bottom-right pixel forms its own window
        using var avgCeil = Pooling.Average(seven, ceilMode: true);
        Assert.Equal(48f, avgCeil[3, 3].item<float>()); // averaged over the pixels it covers only
        Assert.Throws<ArgumentException>(() => Pooling.Max(zeros(1, 1, 1, 1), size: 2));
    }
}
