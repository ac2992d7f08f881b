namespace FewShotLearn.Notebooks;

/// <summary>
/// How much work the course notebooks do. <see cref="Full"/> (the default, what <c>fewshot course</c> runs) trains to
/// textbook accuracy; <see cref="Test"/> (set by the test suite with <c>FEWSHOT_NOTEBOOK_SCALE=test</c>) runs the same
/// cells on a few hundred images so every notebook can be executed in a test quickly. Notebooks print the scale, so a
/// reader always knows which one produced the numbers.
/// </summary>
public enum NotebookScale
{
    /// <summary>The course's defaults: full training sets, enough epochs for textbook accuracy.</summary>
    Full,

    /// <summary>Reduced sizes for the test suite: the figures are not the course's results.</summary>
    Test,
}

/// <summary>Reads the notebook scale from the environment.</summary>
public static class NotebookScales
{
    /// <summary>The environment variable that selects the scale: <c>full</c> (default) or <c>test</c>.</summary>
    public const string Variable = "FEWSHOT_NOTEBOOK_SCALE";

    /// <summary>The scale named by <see cref="Variable"/>; unset or empty means <see cref="NotebookScale.Full"/>.</summary>
    public static NotebookScale Current => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses <c>full</c> or <c>test</c> (case-insensitive); anything else is an error naming the variable.</summary>
    public static NotebookScale Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "full" => NotebookScale.Full,
        "test" => NotebookScale.Test,
        _ => throw new ArgumentException($"{Variable}='{value}' is not a notebook scale; use {Variable}=full (the course) or {Variable}=test (the test suite's reduced run)."),
    };

    /// <summary>One line for a notebook to print.</summary>
    public static string Describe(NotebookScale scale) => scale == NotebookScale.Full
        ? "notebook scale: full (the course's defaults)"
        : $"notebook scale: TEST ({Variable}=test): reduced data and epochs so the test suite runs fast; these figures are NOT the course's results";
}
