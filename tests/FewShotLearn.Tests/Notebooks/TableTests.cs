using System.Text.RegularExpressions;

namespace FewShotLearn.Tests.Notebooks;

public class TableTests
{
    public sealed record CostRow(string Model, [property: Column("Time per image", Unit = "ms", Scale = 1000, Format = "0.00")] double SecondsPerImage,
        long EpochImages, double TestAccuracy, [property: Column(Hidden = true)] int Internal);

    public sealed record Labelled(string Name)
    {
        public override string ToString() => $"labelled {Name}";
    }

    static List<string> Cells(string html, string tag) =>
        Regex.Matches(html, $"<{tag}( [^>]*)?>(.*?)</{tag}>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();

    [Fact]
    public void ListOfRecordsShowsHeadersUnitsAndRoundedNumbers()
    {
        var html = Table.Of(new[] { new CostRow("TransferCnn", 0.0008335609375, 60_000, 0.91234, 7), new CostRow("ResNet-18", 0.25, 1_281_167, double.NaN, 7) }, "measured on random images").Html;

        Assert.Equal(["Model", "Time per image (ms)", "Epoch images", "Test accuracy"], Cells(html, "th"));
        Assert.Equal(["TransferCnn", "0.83", "60,000", "0.912", "ResNet-18", "250.00", "1,281,167", "–"], Cells(html, "td"));
        Assert.Contains("measured on random images", html);
        Assert.DoesNotMatch(RawDump.Pattern, html);
    }

    [Fact]
    public void AnonymousObjectsAndSingleRecordsAreTablesToo()
    {
        var rows = new[] { new { TrainImages = 50, reloadedFromSafetensors = 0.5, Tiny = 0.0000123 } };
        var html = Table.Of(rows).Html;
        Assert.Equal(["Train images", "Reloaded from safetensors", "Tiny"], Cells(html, "th"));
        Assert.Equal(["50", "0.500", "1.23E-5"], Cells(html, "td"));
        Assert.Equal(["50", "0.5000", "0.0000"], Cells(HtmlTable.From(rows, decimals: 4).Html, "td"));

        var fields = Table.Fields(new CostRow("m", 1, 2, 0.5, 0)).Html;
        Assert.Equal(["Model", "Time per image (ms)", "Epoch images", "Test accuracy"], Cells(fields, "th"));
        Assert.Equal(["m", "1000.00", "2", "0.500"], Cells(fields, "td"));
    }

    [Fact]
    public void HeadersAreWordsAndAcronymsStay()
    {
        Assert.Equal("Seconds per image", Table.Words("SecondsPerImage"));
        Assert.Equal("Weights MiB", Table.Words("WeightsMiB"));
        Assert.Equal("HTML page", Table.Words("HTMLPage"));
        Assert.Equal("Top5 accuracy", Table.Words("Top5Accuracy"));
        Assert.Equal("Original", Table.Words("original"));
    }

    [Fact]
    public void RecordLikeMeansRecordsAndAnonymousTypesWithoutTheirOwnToString()
    {
        Assert.True(Table.IsRecordLike(typeof(CostRow)));
        Assert.True(Table.IsRecordLike(new { A = 1 }.GetType()));
        Assert.False(Table.IsRecordLike(typeof(Labelled)));
        Assert.False(Table.IsRecordLike(typeof(HtmlView)));
        Assert.False(Table.IsRecordLike(typeof(string)));
        Assert.False(Table.IsRecordLike(typeof(List<int>)));
    }

    [Fact]
    public void RawDumpDetectorFindsRecordAndAnonymousObjectDumps()
    {
        Assert.Matches(RawDump.Pattern, "<code>TrainingCostRow { Model = ResNet-18, SecondsPerImage = 0.0008335609375 }</code>");
        Assert.Matches(RawDump.Pattern, "<code>{ Size = small (50), Similarity = similar }</code>");
        Assert.Matches(RawDump.Pattern, "{ original = 0.9 }");
        Assert.DoesNotMatch(RawDump.Pattern, "var x = new { a = 1 };".Replace("{ a = 1 }", "{a:1}"));
        Assert.DoesNotMatch(RawDump.Pattern, "function f(a) { if (a == 1) return 2; }");
        Assert.DoesNotMatch(RawDump.Pattern, "{\"x\": [1, 2], \"type\": \"scatter\"}");
    }
}

/// <summary>What a raw C# record or anonymous-object dump looks like in a cell output: <c>Name { A = 1, B = x }</c> or <c>{ A = 1 }</c>.</summary>
public static class RawDump
{
    public static readonly Regex Pattern = new(@"\{ [A-Za-z_]\w* = [^=;{}]*?( \}|, [A-Za-z_]\w* = )", RegexOptions.Compiled);

    /// <summary>Each output of an executed notebook that holds a raw dump: cell number and the dump.</summary>
    public static IEnumerable<string> In(FewShotLearn.Notebooks.NotebookDocument executed) =>
        from cell in executed.Cells
        where cell.Kind == "code"
        from output in cell.Outputs
        from text in output.Data.Where(kv => kv.Key.StartsWith("text/")).Select(kv => kv.Value).Append(output.StreamText)
        let m = Pattern.Match(text)
        where m.Success
        select $"cell {cell.Number}: …{text.Substring(Math.Max(0, m.Index - 30), Math.Min(text.Length - Math.Max(0, m.Index - 30), 120))}…";
}
