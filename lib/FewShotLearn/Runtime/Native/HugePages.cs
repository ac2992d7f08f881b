using System.Runtime.InteropServices;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// Asks Linux to back a large CPU tensor with transparent huge pages (2 MiB instead of 4 KiB), with
/// <c>madvise(MADV_HUGEPAGE)</c>, before anything touches its memory. Where the kernel's THP mode is "madvise" (as on this
/// project's Debian 12 VM) memory is otherwise faulted in 4 KiB at a time: reading a 2.1 GiB index took 537,000 page
/// faults and 9 s, and its first scan afterwards another 5 s; with the advice the load took 7.7 s instead of 16.3 s
/// (<c>fewshot benchmark search --sizes 10000 --large-gib 2.05</c>). Where the mode is "always" this changes nothing; where
/// it is "never", or off Linux, it is a no-op. Advice only: the values are never affected.
/// </summary>
public static class HugePages
{
    /// <summary>Tensors smaller than this are left alone (a huge page pays off only over many pages).</summary>
    public const long MinimumBytes = 32L << 20;

    const int MadvHugePage = 14;
    const long PageBytes = 4096;

    /// <summary>Advises huge pages for <paramref name="tensor"/>'s memory; true when the kernel accepted the advice.</summary>
    public static bool Advise(Tensor tensor)
    {
        if (!OperatingSystem.IsLinux() || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous()) return false;
        var bytes = tensor.NumberOfElements * tensor.ElementSize;
        if (bytes < MinimumBytes) return false;
        long address;
        using (var flat = tensor.view(-1))
        using (var first = flat.narrow(0, 0, 1))
            unsafe { fixed (byte* p = first.bytes) address = (long)p; }
        var start = (address + PageBytes - 1) & ~(PageBytes - 1);   // madvise needs page-aligned ranges
        var end = (address + bytes) & ~(PageBytes - 1);
        if (end <= start) return false;
        try { return madvise((nint)start, (nuint)(end - start), MadvHugePage) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    static extern int madvise(nint address, nuint length, int advice);
}
