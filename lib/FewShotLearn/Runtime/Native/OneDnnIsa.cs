using System.Runtime.InteropServices;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// Caps the instruction set oneDNN (libtorch's CPU convolution library) may use, where its vector kernels are known to
/// read uninitialised memory. On an AMD EPYC with AVX-512 the oneDNN bundled with libtorch 2.10 returns convolution
/// results that depend on what freed memory held before: after the allocator had recycled blocks filled with NaN,
/// conv2d backward (default ISA, and AVX512_CORE) and conv2d forward and backward (AVX and AVX2) gave NaN in 7-10 of
/// 10 trials, and seeded trainings gave different weights run to run or stopped on a NaN loss; with SSE41 every trial
/// was finite and identical (measured by tests/.../OneDnnIsaTests). SSE41 costs speed: a 64-channel 3x3 convolution
/// forward + backward on a 25x64x14x14 batch took 10.4 s for 20 repeats against 6.7 s with the faulty default.
/// The cap is applied before the first convolution, only where the user has not set DNNL_MAX_CPU_ISA
/// (set it, e.g. to ALL, to lift the cap); `fewshot info` reports the decision.
/// </summary>
public static class OneDnnIsa
{
    /// <summary>oneDNN's environment variable for the highest instruction set it dispatches to.</summary>
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>The cap applied on affected CPUs.</summary>
    public const string SafeIsa = "SSE41";

    /// <summary>Applies the cap when the CPU is affected and the variable is unset; returns a line describing the decision.</summary>
    public static string Apply() => Apply(ReadCpuInfo(), Environment.GetEnvironmentVariable(Variable), Set);

    /// <summary>The decision for a /proc/cpuinfo text and a current value of the variable; <paramref name="set"/> sets it.</summary>
    public static string Apply(string? cpuInfo, string? current, Action<string, string> set)
    {
        if (!string.IsNullOrEmpty(current)) return $"{Variable}={current} (set by the user; left as is)";
        if (!IsAffected(cpuInfo)) return $"{Variable} unset (CPU not known to be affected by the oneDNN AVX-512 fault)";
        set(Variable, SafeIsa);
        return $"{Variable}={SafeIsa} (AMD CPU with AVX-512: oneDNN's AVX/AVX-512 convolution kernels read uninitialised memory here; set {Variable}=ALL to lift)";
    }

    /// <summary>True for an AMD CPU that reports AVX-512 (the combination where the fault was observed).</summary>
    public static bool IsAffected(string? cpuInfo) =>
        cpuInfo is not null && cpuInfo.Contains("AuthenticAMD", StringComparison.Ordinal) &&
        cpuInfo.Split('\n').Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("avx512f"));

    static string? ReadCpuInfo()
    {
        try { return OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : null; }
        catch (IOException) { return null; }
    }

    static void Set(string name, string value)
    {
        // oneDNN reads the C environment (getenv); .NET's Environment keeps its own copy, used for child processes.
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux()) _ = setenv(name, value, 1);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    static extern int setenv(string name, string value, int overwrite);
}
