namespace FewShotLearn.Tests.Vision;

public class KernelLearningTests
{
    [Fact]
    public void GradientDescentRecoversTheSobelKernelFromInputOutputPairs()
    {
        FewShotLearn.Runtime.Seeding.Seed(5);
        using var images = rand(16, 1, 20, 20);
        var result = KernelLearning.Recover(images, Kernels.SobelX, steps: 300, learningRate: 0.5, seed: 3);
        Assert.True(result.Distances[0] > 0.5, $"the random start should be far from Sobel (max error {result.Distances[0]})");
        Assert.True(result.MaxError < 1e-3, $"learned kernel should match Sobel x; largest error {result.MaxError}");
        Assert.True(result.Losses[^1] < result.Losses[0] * 1e-3);
        Assert.Contains("sobel x", result.ToString());
        Assert.Throws<ArgumentException>(() => KernelLearning.Recover(rand(4, 3, 8, 8), Kernels.SobelX));
    }

    [Fact]
    public void ConvolutionIsCrossCorrelationWithTheKernelRotated()
    {
        var impulse = new double[5, 5]; impulse[2, 2] = 1;
        var k = Matrices.Parse("1 2 3 / 4 5 6 / 7 8 9");
        var conv = ReferenceConvolution.Convolve(impulse, k, padding: 1);
        var corr = ReferenceConvolution.Apply(impulse, k, padding: 1);
        // Convolution reproduces the kernel around the impulse, cross-correlation its 180° rotation.
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 3; x++)
            {
                Assert.Equal(k[y, x], conv[1 + y, 1 + x]);
                Assert.Equal(k[2 - y, 2 - x], corr[1 + y, 1 + x]);
            }
        Assert.True(Matrices.AllClose(ReferenceConvolution.Apply(impulse, Kernels.EdgeDetect.Weights, padding: 1), ReferenceConvolution.Convolve(impulse, Kernels.EdgeDetect.Weights, padding: 1)));
    }
}
