namespace FewShotLearn.Retrieval;

/// <summary>
/// Feedback typed by a person: prints the ranked results and reads the ranks that are correct ("1 3 4"), "a" for all or an
/// empty line for none. Asks again on unreadable input.
/// </summary>
public sealed class ConsoleFeedback(TextReader input, TextWriter output) : IFeedbackSource
{
    /// <summary>Feedback on the process console.</summary>
    public ConsoleFeedback() : this(Console.In, Console.Out) { }

    /// <inheritdoc />
    public bool[] Mark(string query, IReadOnlyList<RankedResult> results)
    {
        output.WriteLine($"Query: {query}");
        foreach (var r in results)
            output.WriteLine($"  {r.Rank,3}. {r.Path ?? $"#{r.Index}"}  [{r.ClassName}]  distance {r.Distance:F4}");
        while (true)
        {
            output.Write($"Which ranks are correct? (e.g. 1 3; 'a' = all; empty = none): ");
            var line = input.ReadLine();
            if (line is null) throw new EndOfStreamException("The feedback input ended before every query was marked.");
            var marks = Parse(line, results.Count, out var error);
            if (marks is not null) return marks;
            output.WriteLine(error);
        }
    }

    /// <summary>Parses a feedback line into marks; null with an error message when it is not valid.</summary>
    public static bool[]? Parse(string line, int count, out string error)
    {
        error = "";
        var marks = new bool[count];
        line = line.Trim();
        if (line.Length == 0) return marks;
        if (line is "a" or "A" or "all") { Array.Fill(marks, true); return marks; }
        foreach (var token in line.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(token, out var rank) || rank < 1 || rank > count)
            {
                error = $"'{token}' is not a rank between 1 and {count}.";
                return null;
            }
            marks[rank - 1] = true;
        }
        return marks;
    }
}
