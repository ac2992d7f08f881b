namespace FewShotLearn.Meta;

/// <summary>
/// Progress of one meta-iteration: the support (inner) loss before and after adaptation, the query
/// (outer) loss after adaptation, averaged over the meta-batch, and the wall time of the iteration.
/// </summary>
public sealed record MetaStep(int Iteration, int Total, double InnerLossBefore, double InnerLossAfter, double OuterLoss, double Seconds);
