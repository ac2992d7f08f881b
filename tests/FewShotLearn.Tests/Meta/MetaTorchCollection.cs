using FewShotLearn.Tests.FewShot;
using FewShotLearn.Tests.Sampling;

namespace FewShotLearn.Tests.Meta;

/// <summary>Tests that seed torch's global generator and compare trained numbers: run alone so no parallel test draws from it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetaTorchCollection
{
    public const string Name = "meta-torch-seeded";
}
