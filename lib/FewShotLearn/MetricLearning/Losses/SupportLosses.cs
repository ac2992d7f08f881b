using FewShotLearn.MetricLearning;
using FewShotLearn.MetricLearning.Distances;
using FewShotLearn.FewShot;
using FewShotLearn.Meta;

namespace FewShotLearn.MetricLearning.Losses;

/// <summary>Default metric losses for fitting a support set of K images per class.</summary>
public static class SupportLosses
{
    /// <summary>
    /// The prototype loss (leave-one-out) when each class has 2+ images; with one image per class there are
    /// no positive pairs, so the contrastive loss (which then only pushes classes apart) is used.
    /// </summary>
    public static IMetricLoss For(int shots) => shots >= 2 ? new PrototypeLoss() : new ContrastiveLoss();
}
