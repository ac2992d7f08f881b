using System.Diagnostics;

namespace FewShotLearn.Runtime;

/// <summary>
/// Memory figures for benchmarks: managed heap (GC), process working set and, when an NVIDIA GPU is present, the
/// GPU memory this process holds (from nvidia-smi, since TorchSharp exposes no CUDA allocator statistics).
/// </summary>
public sealed class MemoryProbe
{
    /// <summary>Largest working set seen by <see cref="Sample"/>, in bytes.</summary>
    public long PeakWorkingSet { get; private set; }

    /// <summary>Largest managed heap seen, in bytes.</summary>
    public long PeakManaged { get; private set; }

    /// <summary>Largest GPU memory of this process seen, in MiB (null without a GPU or nvidia-smi).</summary>
    public long? PeakGpuMiB { get; private set; }

    /// <summary>Takes one sample; <paramref name="gpu"/> also queries nvidia-smi (slow: call it rarely).</summary>
    public void Sample(bool gpu = false)
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        PeakWorkingSet = Math.Max(PeakWorkingSet, p.WorkingSet64);
        PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
        if (gpu && GpuMiB() is { } g) PeakGpuMiB = Math.Max(PeakGpuMiB ?? 0, g);
    }

    /// <summary>GPU memory used by this process according to nvidia-smi, or null when unavailable.</summary>
    public static long? GpuMiB()
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi", "--query-compute-apps=pid,used_memory --format=csv,noheader,nounits")
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var smi = Process.Start(psi);
            if (smi is null) return null;
            var text = smi.StandardOutput.ReadToEnd();
            smi.WaitForExit(5000);
            var pid = Environment.ProcessId.ToString();
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0] == pid && long.TryParse(parts[1], out var mib)) return mib;
            }
            return null;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
