namespace FewShotLearn.Data;

/// <summary>Whether a catalogued data set is in the data directory, with its image counts and folder (for listings).</summary>
public sealed record DataSetStatus(DataSetInfo Info, bool Present, int? TrainCount, int? TestCount, string Folder, string? Source)
{
    /// <summary>The status of one data set in a data directory; reads only file headers and the manifest.</summary>
    public static DataSetStatus Of(DataSetInfo info, string? dataDir = null)
    {
        var folder = DataSets.FolderOf(info, dataDir);
        if (DataSets.MissingFiles(info, dataDir).Count > 0) return new DataSetStatus(info, false, null, null, folder, null);
        int? Count(string file)
        {
            try { return IdxReader.ReadDimensions(Path.Combine(folder, file))[0]; }
            catch (InvalidDataException) { return null; }
        }
        return new DataSetStatus(info, true, Count(info.TrainImages), Count(info.TestImages), folder, DataManifest.TryRead(folder)?.Source);
    }

    /// <summary>One line: "present: 60000 train / 10000 test in ..." or "missing: run ...".</summary>
    public string Summary => Present
        ? $"present: {TrainCount?.ToString() ?? "?"} train / {TestCount?.ToString() ?? "?"} test in {Folder}"
        : $"missing in {Folder} (fetch: fewshot data fetch {Info.Name})";
}
