namespace FewShotLearn.Cli.Commands;

/// <summary>
/// The options that choose, seed and place a cross-domain split (--data, --protocol, --data-dir, --per-class, --seed,
/// --device), defined once for every command that builds one (pretrain, metatrain, adapt, benchmark sweep), with the first lines of their
/// action: parse the device, seed the generators, build the split and print what it is.
/// </summary>
public sealed class SplitCliOptions
{
    /// <summary>--data.</summary>
    public Option<string> Data { get; } = MetaCli.Data();
    /// <summary>--protocol.</summary>
    public Option<string> Protocol { get; } = MetaCli.Protocol();
    /// <summary>--data-dir.</summary>
    public Option<string?> DataDir { get; } = CommonOptions.DataDir();
    /// <summary>--per-class.</summary>
    public Option<int> PerClass { get; } = MetaCli.PerClass();
    /// <summary>--seed.</summary>
    public Option<int> Seed { get; } = CommonOptions.Seed();
    /// <summary>--device.</summary>
    public Option<string> Device { get; } = CommonOptions.Device();

    /// <summary>Adds the options to <paramref name="command"/>: the split's at position <paramref name="at"/> (default first), --seed and --device last (as --help lists them).</summary>
    public void AddTo(Command command, int at = 0)
    {
        foreach (var o in new Option[] { Data, Protocol, DataDir, PerClass }.Reverse()) command.Options.Insert(at, o);
        command.Options.Add(Seed);
        command.Options.Add(Device);
    }

    /// <summary>The device named by --device and the seed of --seed, with every generator seeded by it.</summary>
    public (Device Device, int Seed) Start(ParseResult parse)
    {
        var device = Devices.Parse(parse.GetValue(Device));
        var seed = parse.GetValue(Seed);
        Seeding.Seed(seed);
        return (device, seed);
    }

    /// <summary>The split the options name, built on <paramref name="device"/> with <paramref name="seed"/>; its description is printed unless <paramref name="print"/> is false.</summary>
    public CrossDomainSplit Split(ParseResult parse, Device device, int seed, bool print = true)
    {
        var split = MetaCli.Split(parse.GetValue(Data)!, parse.GetValue(PerClass), parse.GetValue(DataDir), seed, device, parse.GetValue(Protocol)!);
        if (print) AnsiConsole.MarkupLine(Markup.Escape(split.Description));
        return split;
    }
}
