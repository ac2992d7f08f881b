using System.Runtime.InteropServices;

namespace FewShotLearn.Runtime.Native;

/// <summary>
/// The threads libtorch's native CPU code uses for work started on the calling thread only: MKL's (libtorch's CPU BLAS,
/// linked into libtorch_cpu) thread-local count, <c>MKL_Set_Num_Threads_Local</c> (the lower-case symbol is the Fortran
/// entry, which takes a pointer), and the OpenMP count of the calling thread (<c>omp_set_num_threads</c> sets that
/// thread's own ICV), both resolved in the copies libtorch loaded. With them a search runs one single-threaded matrix
/// product per core on its own threads, without changing what any other thread of the process gets
/// (<c>torch.set_num_threads</c> sets both for the thread that calls it). Unavailable (calls are no-ops) where
/// libtorch_cpu is not loaded or has no MKL.
/// </summary>
public static unsafe class NativeThreads
{
    static readonly nint library = Library();
    static readonly delegate* unmanaged<int, int> mklSetLocal = (delegate* unmanaged<int, int>)Symbol("MKL_Set_Num_Threads_Local");
    static readonly delegate* unmanaged<int> mklGetMax = (delegate* unmanaged<int>)Symbol("MKL_Get_Max_Threads");
    static readonly delegate* unmanaged<int, void> ompSet = (delegate* unmanaged<int, void>)Symbol("omp_set_num_threads");
    static readonly delegate* unmanaged<int> ompGetMax = (delegate* unmanaged<int>)Symbol("omp_get_max_threads");

    /// <summary>True when libtorch's MKL and OpenMP per-thread settings were found.</summary>
    public static bool Available => mklSetLocal != null && mklGetMax != null && ompSet != null && ompGetMax != null;

    /// <summary>The threads MKL would use for a product started on the calling thread; 0 when unavailable.</summary>
    public static int MklMaxThreads() => mklGetMax == null ? 0 : mklGetMax();

    /// <summary>The threads an OpenMP region started on the calling thread would use; 0 when unavailable.</summary>
    public static int OmpMaxThreads() => ompGetMax == null ? 0 : ompGetMax();

    /// <summary>
    /// Makes libtorch's native code single-threaded for work started on the calling thread until disposed (on the same
    /// thread), which restores the thread's previous settings. A no-op when <see cref="Available"/> is false.
    /// </summary>
    public static IDisposable SingleThreaded() => Available ? new Scope() : NoScope.Instance;

    sealed class Scope : IDisposable
    {
        readonly int mklPrevious, ompPrevious;
        bool disposed;

        public Scope()
        {
            ompPrevious = ompGetMax();
            ompSet(1);
            mklPrevious = mklSetLocal(1);   // 0: the thread had no setting of its own
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            mklSetLocal(mklPrevious);
            ompSet(ompPrevious);
        }
    }

    sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();
        public void Dispose() { }
    }

    static nint Library()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            TorchRuntime.Initialize();
            // RTLD_NOLOAD: only the copy libtorch already loaded (matched by its soname), never a second one.
            return dlopen("libtorch_cpu.so", RtldLazy | RtldNoLoad);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return 0; }
    }

    // dlsym on a library's handle searches it and then its dependencies: libtorch's own libgomp copy, not the system's.
    static nint Symbol(string name) => library == 0 ? 0 : dlsym(library, name);

    const int RtldLazy = 0x1, RtldNoLoad = 0x4;

    [DllImport("libc", EntryPoint = "dlopen")]
    static extern nint dlopen(string file, int mode);

    [DllImport("libc", EntryPoint = "dlsym")]
    static extern nint dlsym(nint handle, string name);
}
