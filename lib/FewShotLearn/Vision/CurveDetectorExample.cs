namespace FewShotLearn.Vision;

/// <summary>
/// The course's curve-detector example (from the CNN lecture): a 7x7 filter with weights 30 along a curve, a receptive
/// field that contains that curve (pixel values 50, one 20) and one that does not. These are the document's input
/// grids; the responses are computed, not stored.
/// </summary>
public static class CurveDetectorExample
{
    /// <summary>The 7x7 filter: 30 along a curve.</summary>
    public static double[,] Filter => Matrices.Parse(
        "0 0 0 0 0 30 0 / 0 0 0 0 30 0 0 / 0 0 0 30 0 0 0 / 0 0 0 30 0 0 0 / 0 0 0 30 0 0 0 / 0 0 0 30 0 0 0 / 0 0 0 0 0 0 0");

    /// <summary>A receptive field of a mouse drawing's back: the same curve, drawn with pixel value 50.</summary>
    public static double[,] FieldWithCurve => Matrices.Parse(
        "0 0 0 0 0 0 30 / 0 0 0 0 50 50 50 / 0 0 0 20 50 0 0 / 0 0 0 50 50 0 0 / 0 0 0 50 50 0 0 / 0 0 0 50 50 0 0 / 0 0 0 50 50 0 0");

    /// <summary>A receptive field elsewhere on the drawing (the mouse's head): no such curve.</summary>
    public static double[,] FieldWithoutCurve => Matrices.Parse(
        "0 0 0 0 0 0 0 / 0 40 0 0 0 0 0 / 40 0 40 0 0 0 0 / 40 20 0 0 0 0 0 / 0 50 0 0 0 0 0 / 0 0 50 0 0 0 0 / 25 25 0 50 0 0 0");
}
