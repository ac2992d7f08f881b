using System.Runtime.InteropServices;

namespace FewShotLearn.Runtime;

/// <summary>
/// Peak resident memory of one measured phase on Linux: <see cref="StartPhase"/> collects the managed heap, hands
/// freed native memory back to the kernel (glibc <c>malloc_trim</c>), resets the kernel's high-water mark
/// (<c>/proc/self/clear_refs</c> "5") and reads the resident set as the baseline; <see cref="PhasePeakBytes"/> is
/// then VmHWM minus that baseline: the most memory the phase added at any instant, counted by the kernel page by
/// page (libtorch's CPU tensors included), not sampled. Unavailable (null) off Linux or when /proc cannot be written.
/// </summary>
public sealed class PeakResidentMemory
{
    long _baseline;

    /// <summary>True when this process can reset and read its peak resident set (Linux /proc).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs") && File.Exists("/proc/self/status");

    /// <summary>Resident set at the last <see cref="StartPhase"/>, in bytes.</summary>
    public long BaselineBytes => _baseline;

    /// <summary>Starts a phase: collect, trim, reset the high-water mark, read the baseline (<see cref="ResidentMemory"/>). False when unsupported.</summary>
    public bool StartPhase()
    {
        ResidentMemory.Settle();
        if (!Supported || !ResidentMemory.ResetPeak()) return false;
        _baseline = ResidentMemory.Current();
        return true;
    }

    /// <summary>Peak resident set since <see cref="StartPhase"/> minus its baseline, in bytes (null when unsupported).</summary>
    public long? PhasePeakBytes() => Supported ? Math.Max(0, ResidentMemory.Peak() - _baseline) : null;

    /// <summary>
    /// Makes glibc serve every allocation of 64 KiB or more with its own mapping (mallopt M_MMAP_THRESHOLD, which also stops
    /// the threshold from adapting), so a freed tensor leaves the resident set at once and the peak resident set follows the
    /// peak of live tensors rather than the allocator's free lists. Process-wide until <see cref="UnmapLargeBlocks"/>. Measure
    /// before anything large has run (before timing rounds): glibc serves a request from its free lists before it maps, so a
    /// heap grown earlier would hold the measured blocks on pages that stay resident. False where it is not available.
    /// </summary>
    public static bool MapLargeBlocks()
    {
        if (!Supported) return false;
        try { return mallopt(-3 /* M_MMAP_THRESHOLD */, 64 * 1024) == 1; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>
    /// Ends <see cref="MapLargeBlocks"/>: sets the threshold to 32 MiB, the ceiling glibc's own adaptive threshold climbs to
    /// once a program has freed large blocks, so later code allocates as it would have without the measurement.
    /// </summary>
    public static void UnmapLargeBlocks()
    {
        if (!Supported) return;
        try { mallopt(-3 /* M_MMAP_THRESHOLD */, 32 * 1024 * 1024); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
