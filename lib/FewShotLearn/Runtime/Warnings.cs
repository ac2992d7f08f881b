namespace FewShotLearn.Runtime;

/// <summary>
/// Where the library reports something suspicious that is not an error (a training loss that exploded): by default
/// "warning: ..." on stderr; the CLI routes it to its own stderr reporter, a notebook can replace it.
/// </summary>
public static class Warnings
{
    /// <summary>Receives each warning's message.</summary>
    public static Action<string> Handler { get; set; } = message => Console.Error.WriteLine($"warning: {message}");

    /// <summary>Reports one warning.</summary>
    public static void Warn(string message) => Handler(message);
}
