using System.CommandLine.Parsing;

namespace FewShotLearn.Cli;

/// <summary>
/// The one way the CLI bounds a numeric option: validators checked at parse time, before any work starts, so a bad value
/// (NaN, infinity, 0, negative, huge) exits 1 with a message naming the option's real name, the value and the allowed range.
/// Every floating-point rule also requires a finite value (<c>lr &lt;= 0</c> does not catch NaN).
/// </summary>
public static class OptionRules
{
    /// <summary>Any finite number.</summary>
    public static Option<double> Finite(this Option<double> option) =>
        option.Rule(double.IsFinite, "a finite number");

    /// <summary>A finite number greater than 0 (learning rates, step sizes).</summary>
    public static Option<double> Positive(this Option<double> option) =>
        option.Rule(v => double.IsFinite(v) && v > 0, "a finite number greater than 0");

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<double> InRange(this Option<double> option, double min, double max) =>
        option.Rule(v => double.IsFinite(v) && v >= min && v <= max, $"a finite number from {Show(min)} to {Show(max)}");

    /// <summary>An integer of at least <paramref name="min"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int min) =>
        option.Rule(v => v >= min, $"at least {min}");

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> InRange(this Option<int> option, int min, int max) =>
        option.Rule(v => v >= min && v <= max, $"an integer from {min} to {max}");

    /// <summary>When given, an integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int?> InRange(this Option<int?> option, int min, int max) =>
        option.Rule(v => v is null || (v >= min && v <= max), $"an integer from {min} to {max}");

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<long> InRange(this Option<long> option, long min, long max) =>
        option.Rule(v => v >= min && v <= max, $"an integer from {min} to {max}");

    /// <summary>Every element an integer in [<paramref name="min"/>, <paramref name="max"/>] (and at least one element).</summary>
    public static Option<int[]> EachInRange(this Option<int[]> option, int min, int max) =>
        option.Rule(v => v is { Length: > 0 } && v.All(x => x >= min && x <= max), $"one or more integers from {min} to {max}");

    /// <summary>A comma-separated list of 1 to <paramref name="maxCount"/> integers, each in [<paramref name="min"/>, <paramref name="max"/>]
    /// (e.g. --channels 32,64); <see cref="ParseList"/> reads it after parsing.</summary>
    public static Option<string> IntList(this Option<string> option, int min, int max, int maxCount = 64) =>
        option.Rule(v => TryParseList(v, out var list) && list.Length <= maxCount && list.All(x => x >= min && x <= max),
            $"1 to {maxCount} comma-separated integers from {min} to {max}");

    /// <summary>Reads a list that <see cref="IntList"/> accepted.</summary>
    public static int[] ParseList(string text) =>
        TryParseList(text, out var list) ? list : throw new ArgumentException($"'{text}' is not a comma-separated list of integers (e.g. 32,64).");

    static bool TryParseList(string? text, out int[] list)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        list = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out list[i])) return false;
        return parts.Length > 0;
    }

    /// <summary>A non-empty text (paths, names).</summary>
    public static Option<string> NotEmpty(this Option<string> option) =>
        option.Rule(v => !string.IsNullOrWhiteSpace(v), "a non-empty value");

    /// <summary>A path to write a file to: non-empty and not an existing folder.</summary>
    public static Option<string> OutputFile(this Option<string> option)
    {
        option.Rule(v => !string.IsNullOrWhiteSpace(v), "a file path to write");
        return option.Rule(v => string.IsNullOrWhiteSpace(v) || !Directory.Exists(v), "a file path, not a folder (name a file inside it)");
    }

    /// <summary>A folder to write into: non-empty and not an existing file.</summary>
    public static Option<string> OutputFolder(this Option<string> option)
    {
        option.Rule(v => !string.IsNullOrWhiteSpace(v), "a folder path to write into");
        return option.Rule(v => string.IsNullOrWhiteSpace(v) || !File.Exists(v), "a folder path, not an existing file");
    }

    /// <summary>True when <paramref name="error"/> is about a value given on the command line (exit code 1), not about the
    /// command line's shape: an unknown option, a missing command or required option (usage, exit code 2).</summary>
    public static bool IsValueError(ParseError error) =>
        error.SymbolResult is OptionResult { Tokens.Count: > 0 } or ArgumentResult { Tokens.Count: > 0 };

    /// <summary>Adds a validator: when the parsed value fails <paramref name="ok"/>, parsing reports
    /// "--name must be REQUIREMENT; got VALUE." with the default as an example.</summary>
    public static Option<T> Rule<T>(this Option<T> option, Func<T, bool> ok, string requirement)
    {
        option.Validators.Add(result =>
        {
            if (result.Implicit || result.Errors.Any()) return;   // the default, or an error already reported
            T value;
            try { value = result.GetValueOrDefault<T>(); }
            catch (InvalidOperationException)   // not of the option's type at all ("NaN" or "abc" for an integer, 1e12 for an int)
            {
                result.AddError($"{option.Name} must be {requirement}; got {Show(string.Join(" ", result.Tokens.Select(t => t.Value)))}.");
                return;
            }
            if (ok(value)) return;
            var example = option.HasDefaultValue && option.GetDefaultValue() is { } d && ok((T)d) ? $" (default: {option.Name} {(d is string text ? text : Show(d))})" : "";
            result.AddError($"{option.Name} must be {requirement}; got {Show(value)}.{example}");
        });
        return option;
    }

    static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => s.Length == 0 ? "an empty string" : $"'{s}'",
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => string.Join(" ", e.Cast<object?>().Select(Show)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
