namespace FewShotLearn.Tests.Vision;

public class KernelsTests
{
    static double[,] RandomImage(int h, int w, int seed)
    {
        var r = new Random(seed);
        var m = new double[h, w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[y, x] = r.NextDouble();
        return m;
    }

    public static IEnumerable<object[]> Cases() =>
        from k in Kernels.All
        from s in new[] { (Stride: 1, Padding: 0), (Stride: 2, Padding: 1), (Stride: 3, Padding: 2) }
        select new object[] { k.Name, s.Stride, s.Padding };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TorchConv2dMatchesReferenceLoops(string kernelName, int stride, int padding)
    {
        var kernel = Kernels.Get(kernelName);
        var image = RandomImage(13, 11, kernelName.Length + stride);
        var expected = ReferenceConvolution.Apply(image, kernel.Weights, stride, padding);
        using var input = Matrices.ToTensor(image, CPU);
        using var output = Kernels.Apply(input, kernel, stride, padding);
        var actual = Matrices.FromTensor(output);
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        Assert.True(Matrices.AllClose(expected, actual, 1e-3), $"{kernelName} stride {stride} padding {padding}:\n{Matrices.Format(expected)}\nvs\n{Matrices.Format(actual)}");
    }

    [Fact]
    public void ApplyWorksPerChannelAndKeepsSizeWithSamePadding()
    {
        using var rgb = rand(1, 3, 9, 10);
        using var blurred = Kernels.Apply(rgb, Kernels.BoxBlur);
        Assert.Equal(new long[] { 1, 3, 9, 10 }, blurred.shape);
        for (int c = 0; c < 3; c++)
        {
            var expected = ReferenceConvolution.Apply(Matrices.FromTensor(rgb[0, c]), Kernels.BoxBlur.Weights, 1, 1);
            Assert.True(Matrices.AllClose(expected, Matrices.FromTensor(blurred[0, c])), $"channel {c}");
        }
        using var same = Kernels.Apply(rgb, Kernels.Identity);
        Assert.True(same.allclose(rgb));
    }

    [Fact]
    public void DilationMatchesReference()
    {
        var image = RandomImage(12, 12, 3);
        using var output = Kernels.Apply(Matrices.ToTensor(image, CPU), Kernels.SobelX, stride: 1, padding: 0, dilation: 2);
        Assert.True(Matrices.AllClose(ReferenceConvolution.Apply(image, Kernels.SobelX.Weights, 1, 0, 2), Matrices.FromTensor(output), 1e-3));
    }

    [Fact]
    public void CurveDetectorGives6600OnTheCurveAndZeroElsewhere()
    {
        var filter = CurveDetectorExample.Filter;
        Assert.Equal(6600, ReferenceConvolution.MultiplyAndSum(CurveDetectorExample.FieldWithCurve, filter));
        Assert.Equal(0, ReferenceConvolution.MultiplyAndSum(CurveDetectorExample.FieldWithoutCurve, filter));
        Assert.Equal(5, ReferenceConvolution.NonZeroTerms(CurveDetectorExample.FieldWithCurve, filter).Count);
        using var torchValue = Kernels.Apply(Matrices.ToTensor(CurveDetectorExample.FieldWithCurve, CPU), Kernels.CurveDetector, padding: 0);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, torchValue.shape);
        Assert.Equal(6600f, torchValue.item<float>(), 2);
    }

    [Fact]
    public void UnknownKernelNamesTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.Get("blurry"));
        Assert.Contains("sobel x", e.Message);
        Assert.Same(Kernels.SobelY, Kernels.Get("Sobel_Y"));
    }

    [Fact]
    public void ParsedKernelLiteralMatchesBuiltIn()
    {
        var k = Kernel.Parse("mine", "0 -1 0 / -1 5 -1 / 0 -1 0");
        Assert.True(Matrices.AllClose(k.Weights, Kernels.Sharpen.Weights));
        Assert.Throws<ArgumentException>(() => Kernel.Parse("bad", "1 2 3 / 4 5"));
    }
}
