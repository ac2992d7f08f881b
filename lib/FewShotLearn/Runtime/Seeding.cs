namespace FewShotLearn.Runtime;

/// <summary>Seeds every random generator the library uses, so a run with the same seed gives the same numbers.</summary>
public static class Seeding
{
    /// <summary>The seed used when a caller gives none.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Seeds torch (CPU and CUDA) and returns a <see cref="Random"/> seeded the same way for host-side sampling.</summary>
    public static Random Seed(int seed = DefaultSeed)
    {
        TorchRuntime.Initialize();
        torch.manual_seed(seed);
        if (Devices.CudaAvailable) torch.cuda.manual_seed_all(seed);
        return new Random(seed);
    }
}
