namespace FewShotLearn.Tests.Runtime.Native;

public class TorchLoadsTests
{
    [Fact]
    public void Conv2dForwardAndBackwardMatchHandComputedValues()
    {
        Seeding.Seed(1);
        // A 1x1x3x3 input of ones and a 1x1x2x2 kernel of ones: every output is 4, and
        // d(sum(out))/d(input) counts how many windows cover each pixel.
        var x = ones(1, 1, 3, 3, requires_grad: true);
        var w = ones(1, 1, 2, 2, requires_grad: true);
        var y = nn.functional.conv2d(x, w);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.All(y.data<float>().ToArray(), v => Assert.Equal(4f, v));
        y.sum().backward();
        var expected = new float[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 };
        Assert.Equal(expected, x.grad!.data<float>().ToArray());
        Assert.All(w.grad!.data<float>().ToArray(), v => Assert.Equal(4f, v));
    }

    [Fact]
    public void DefaultDeviceIsCudaOnlyWhenAvailable()
    {
        var expected = Devices.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, Devices.Default.type);
        Assert.Equal(DeviceType.CPU, Devices.Parse("cpu").type);
        Assert.Throws<ArgumentException>(() => Devices.Parse("tpu"));
        if (!Devices.CudaAvailable)
        {
            var e = Assert.Throws<ArgumentException>(() => Devices.Parse("cuda"));
            Assert.Contains("TorchBackend=cuda", e.Message);
        }
    }

    [Fact]
    public void SeedingMakesRandomTensorsRepeatable()
    {
        Seeding.Seed(7);
        var a = randn(5).data<float>().ToArray();
        Seeding.Seed(7);
        var b = randn(5).data<float>().ToArray();
        Assert.Equal(a, b);
    }
}
