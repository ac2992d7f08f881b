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

    /// <summary>Starts a phase: collect, trim, reset the high-water mark, read the baseline. False when unsupported.</summary>
    public bool StartPhase()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!Supported) return false;
        try
        {
            try { malloc_trim(0); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
            File.WriteAllText("/proc/self/clear_refs", "5");
            _baseline = ReadStatusKiB("VmRSS") * 1024;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set since <see cref="StartPhase"/> minus its baseline, in bytes (null when unsupported).</summary>
    public long? PhasePeakBytes()
    {
        if (!Supported) return null;
        try { return Math.Max(0, ReadStatusKiB("VmHWM") * 1024 - _baseline); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Makes glibc serve every allocation of 64 KiB or more with its own mapping (mallopt M_MMAP_THRESHOLD, which also stops
    /// the threshold from adapting), so a freed tensor leaves the resident set at once and the peak resident set follows the
    /// peak of live tensors rather than the allocator's free lists. Process-wide until <see cref="UnmapLargeBlocks"/>: call it
    /// after timing. False where it is not available.
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

    static long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        throw new IOException($"/proc/self/status has no {field} line.");
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);
}
