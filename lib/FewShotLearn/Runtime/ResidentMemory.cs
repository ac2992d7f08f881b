using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FewShotLearn.Runtime;

/// <summary>
/// The process's resident memory (RSS) and its peak, native allocations (libtorch) included. On Linux the peak is the
/// kernel's high-water mark (VmHWM), which <see cref="ResetPeak"/> resets (writes 5 to /proc/self/clear_refs), so a
/// benchmark can measure the peak of one phase above the baseline before it. Elsewhere it falls back to the working set.
/// </summary>
public static class ResidentMemory
{
    /// <summary>Resets the peak to the current resident size; false when the platform does not allow it.</summary>
    public static bool ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { return false; }
    }

    /// <summary>
    /// Returns the memory freed so far to the operating system where the C library keeps it (glibc's malloc_trim), so
    /// that the resident size taken next as a baseline does not include blocks an earlier phase freed but the allocator
    /// still holds; false where unavailable (not glibc).
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return malloc_trim(0) != 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Collects the managed heap, runs finalizers (which free native tensors) and trims the native heap: a clean baseline.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Trim();
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);

    /// <summary>Resident bytes now.</summary>
    public static long Current() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    /// <summary>Peak resident bytes since the last <see cref="ResetPeak"/> (or process start).</summary>
    public static long Peak() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    static long? Status(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return null;
    }
}
