namespace FewShotLearn.Training;

/// <summary>One optimisation step: its global index (from 1), epoch (from 1), batch loss and accuracy.</summary>
public sealed record StepMetrics(int Step, int Epoch, double Loss, double Accuracy, int BatchSize);

/// <summary>Loss and accuracy of a model on a labelled set, with its predictions.</summary>
public sealed record EvaluationMetrics(int Epoch, double Loss, double Accuracy, long[] Predictions, long[] Labels, int ClassCount);

/// <summary>One epoch's summary: mean training loss/accuracy, test figures when evaluated, time and throughput.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double? TestLoss, double? TestAccuracy, double Seconds, double ImagesPerSecond);
