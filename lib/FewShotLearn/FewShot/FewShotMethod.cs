using FewShotLearn.Meta;
using FewShotLearn.MetricLearning.Losses;

namespace FewShotLearn.FewShot;

/// <summary>The five models compared on target tasks (patent: "what must be shown with numbers").</summary>
public enum FewShotMethod
{
    /// <summary>(a) Stage 1 only: the metric-learned embedding, no adaptation.</summary>
    PretrainedOnly,

    /// <summary>(b) Stage 1 + plain fine-tuning on the target support set S_t.</summary>
    PretrainingFineTuned,

    /// <summary>(c) The full method: stage 1 + MAML (repeated to agreement) + fine-tuning on S_t.</summary>
    FullMethod,

    /// <summary>(d) Prototype baseline: rank by distance to the support-class prototypes with the stage-1 embedding.</summary>
    PrototypeBaseline,

    /// <summary>
    /// (e) Ablation: stage 1 + plain metric training on D2 (stage 1's loss, no MAML, same budget of D2 images as stage 2)
    /// + fine-tuning on S_t; separates what (c) gains from seeing D2 from what it gains from MAML.
    /// </summary>
    MetaTrainFineTuned,
}
