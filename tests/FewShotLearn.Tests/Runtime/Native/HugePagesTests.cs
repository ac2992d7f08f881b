using FewShotLearn.Runtime.Native;

namespace FewShotLearn.Tests.Runtime.Native;

public class HugePagesTests
{
    [Fact]
    public void LargeContiguousCpuTensorsAreAdvisedOnLinuxAndTheirValuesDoNotChange()
    {
        using var large = arange(0, 16L << 20, dtype: ScalarType.Float32);   // 64 MiB
        using var before = large.clone();
        var thp = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled");
        // The kernel accepts the advice wherever it has transparent huge pages (whatever its mode); elsewhere it is a no-op.
        Assert.Equal(OperatingSystem.IsLinux() && thp, HugePages.Advise(large));
        Assert.True(large.eq(before).all().item<bool>());
        large.fill_(2f);   // the memory is usable after the advice
        Assert.Equal(2f, large[12345].item<float>());

        using var small = zeros(1000);
        Assert.False(HugePages.Advise(small));   // below the threshold
        using var strided = zeros(8L << 20, 2).t();
        Assert.False(HugePages.Advise(strided));   // not contiguous
    }
}
