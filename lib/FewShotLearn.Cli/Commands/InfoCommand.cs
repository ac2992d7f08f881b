using System.Reflection;

namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot info</c>: versions, the device chosen, CUDA, threads and which data sets are present.</summary>
public static class InfoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("info", "Show library, TorchSharp and libtorch versions, the device, CUDA, threads and data sets.");
        command.SetAction(_ =>
        {
            TorchRuntime.Initialize();
            var table = new Table().AddColumns("what", "value");
            table.AddRow("FewShotLearn", typeof(TorchRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "?");
            table.AddRow("TorchSharp", TorchRuntime.TorchSharpVersion);
            table.AddRow("libtorch", TorchRuntime.LibTorchVersion);
            table.AddRow("device", Devices.Default.ToString());
            table.AddRow("CUDA available", Devices.CudaAvailable ? $"yes ({torch.cuda.device_count()} device(s))" : "no");
            table.AddRow("threads", torch.get_num_threads().ToString());
            table.AddRow(".NET", Environment.Version.ToString());
            foreach (var info in DataSets.All) table.AddRow($"data set {info.Name}", Markup.Escape(DataSetStatus.Of(info).Summary));
            table.AddRow("data set glyphs", "built-in (procedural, GlyphDataset.Generate)");
            foreach (var line in TorchRuntime.PreparationLog) table.AddRow("native", Markup.Escape(line));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}

