using System.Runtime.InteropServices;
using FewShotLearn.Runtime.Native;

namespace FewShotLearn.Tests.Runtime.Native;

public class NativeThreadsTests
{
    [Fact]
    public void SingleThreaded_applies_to_the_calling_thread_only_and_restores_its_settings()
    {
        // libtorch's Linux x64 CPU build links MKL and libgomp; losing a symbol would silently turn the split CPU search off.
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64) Assert.True(NativeThreads.Available);
        if (!NativeThreads.Available) return;
        var threads = torch.get_num_threads();
        torch.set_num_threads(2);   // the tests run libtorch single-threaded; make "single" observable on this thread
        try
        {
            var (mkl, omp) = (NativeThreads.MklMaxThreads(), NativeThreads.OmpMaxThreads());
            Assert.Equal((2, 2), (mkl, omp));
            var other = OnAnotherThread(() => (NativeThreads.MklMaxThreads(), NativeThreads.OmpMaxThreads()));
            using (NativeThreads.SingleThreaded())
            {
                Assert.Equal((1, 1), (NativeThreads.MklMaxThreads(), NativeThreads.OmpMaxThreads()));
                // Another thread keeps what it had.
                Assert.Equal(other, OnAnotherThread(() => (NativeThreads.MklMaxThreads(), NativeThreads.OmpMaxThreads())));
                using var product = randn(300, 64).matmul(randn(64, 300));   // libtorch works inside the scope
                Assert.Equal([300L, 300L], product.shape);
            }
            Assert.Equal((mkl, omp), (NativeThreads.MklMaxThreads(), NativeThreads.OmpMaxThreads()));
        }
        finally { torch.set_num_threads(threads); }
    }

    static T OnAnotherThread<T>(Func<T> read)
    {
        T value = default!;
        var thread = new Thread(() => value = read());
        thread.Start();
        thread.Join();
        return value;
    }
}
