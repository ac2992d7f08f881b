namespace FewShotLearn.FewShot;

/// <summary>
/// One round of the repetition (230): meta-validation scores of the pretrained and of the meta-trained network, their
/// gap and whether it is within the tolerance (the stopping rule of claims 3 and 10).
/// </summary>
public sealed record RoundRecord(int Round, double PretrainingScore, double MetaTrainingScore, double Tolerance, double PretrainingSeconds, double MetaTrainingSeconds)
{
    /// <summary>|score1 - score2|.</summary>
    public double Gap => Math.Abs(PretrainingScore - MetaTrainingScore);

    /// <summary>True when the two stages agree within <see cref="Tolerance"/>.</summary>
    public bool Agreed => Gap <= Tolerance;
}
