namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot benchmark fewshot</c>: the comparison of the full method with every baseline on cross-domain splits
/// (<see cref="FewShotBenchmark"/>): tables per K with paired differences and the verdict. <c>--preset headline</c> is the README's headline.
/// </summary>
public static class BenchmarkFewShotCommand
{
    /// <summary>Creates the sub-command (attached under <c>benchmark</c>).</summary>
    public static Command Create()
    {
        var defaults = new FewShotBenchmarkOptions();
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var dataDir = CommonOptions.DataDir();
        var preset = new Option<string?>("--preset") { Description = "'headline': glyphs -> MNIST under P1 and P2, 1 and 5 shots, 600 tasks, all methods (about 12 CPU-minutes: 13 min wall with one libtorch thread on the 2-core reference machine); options given beside it override it" };
        var data = MetaCli.Data();
        data.Description += "; several separated by commas";
        var protocol = MetaCli.Protocol();
        var perClass = MetaCli.PerClass();
        var channels = MetaCli.Channels();
        channels.DefaultValueFactory = _ => string.Join(",", defaults.Channels);
        var tasks = new Option<int>("--tasks") { Description = "Target tasks per setting and K (the field's standard is 600)", DefaultValueFactory = _ => defaults.Tasks }.InRange(1, 1_000_000);
        var shots = new Option<string>("--shots") { Description = "K values, comma-separated", DefaultValueFactory = _ => string.Join(",", defaults.Shots) };
        var ways = new Option<int>("--ways") { Description = "N target classes per task (at most the target classes)", DefaultValueFactory = _ => defaults.Ways }.InRange(2, 1000);
        var pretrainSteps = new Option<int>("--pretrain-steps") { Description = "Pretraining steps per round", DefaultValueFactory = _ => defaults.PretrainingSteps }.InRange(0, 1_000_000);
        var rounds = new Option<int>("--rounds") { Description = "Most rounds of (pretraining, meta-training) until agreement", DefaultValueFactory = _ => defaults.Rounds }.InRange(1, 1000);
        var adaptSteps = new Option<int?>("--adapt-steps") { Description = "Fine-tuning steps on S_t for every method (default: --inner-steps)" }.InRange(0, 1000);
        var adaptLr = new Option<double?>("--adapt-lr") { Description = "Fine-tuning step size on S_t (default: --inner-lr)" }.Rule(v => v is null || (double.IsFinite(v.Value) && v.Value > 0), "a finite number greater than 0");
        var feedbackTasks = new Option<int>("--feedback-tasks") { Description = "Target tasks of the step-240 feedback study on the full method per K (2 rounds, oracle marks; 0: none)", DefaultValueFactory = _ => defaults.FeedbackTasks }.InRange(0, 100_000);
        var maml = new MamlCliOptions(defaults.MetaTraining, withShots: false);
        var cmd = new Command("fewshot", "The full method against every baseline (pretraining only; + fine-tuning; prototypical network; + metric training on meta-train; " +
            "joint training) on the same target tasks with the same adaptation: mean ± 95% interval, paired differences, verdict.")
            { preset, data, protocol, dataDir, perClass, channels, tasks, shots, ways, pretrainSteps, rounds, adaptSteps, adaptLr, feedbackTasks, seed, device };
        maml.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (CommonOptions.CudaAbsent(parse.GetValue(device), "benchmark fewshot")) return 0;
            bool Given(Option o) => MamlCliOptions.Given(parse, o);
            var o = parse.GetValue(preset) is { } p ? FewShotBenchmarkOptions.Preset(p) : defaults;
            if (Given(data) || Given(protocol) || parse.GetValue(preset) is null)
            {
                // Given options replace the preset's split names or protocols; the others keep the preset's.
                var fromPreset = parse.GetValue(preset) is not null;
                var names = Given(data) || !fromPreset
                    ? parse.GetValue(data)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : o.Settings.Select(x => x.Data).Distinct().ToArray();
                var protocols = Given(protocol) || !fromPreset
                    ? [CrossDomainSplit.ParseProtocol(parse.GetValue(protocol)!)]
                    : o.Settings.Select(x => x.Protocol).Distinct().ToArray();
                o = o with { Settings = names.SelectMany(d => protocols.Select(p => new FewShotSetting(d, p))).ToArray() };
            }
            if (Given(shots)) o = o with { Shots = MetaCli.ParseInts(parse.GetValue(shots)!, "--shots") };
            if (Given(channels)) o = o with { Channels = MetaCli.ParseChannels(parse.GetValue(channels)!) };
            if (Given(tasks)) o = o with { Tasks = parse.GetValue(tasks) };
            if (Given(ways)) o = o with { Ways = parse.GetValue(ways) };
            if (Given(perClass)) o = o with { PerClass = parse.GetValue(perClass) };
            if (Given(pretrainSteps)) o = o with { PretrainingSteps = parse.GetValue(pretrainSteps) };
            if (Given(rounds)) o = o with { Rounds = parse.GetValue(rounds) };
            if (Given(feedbackTasks)) o = o with { FeedbackTasks = parse.GetValue(feedbackTasks) };
            o = o with
            {
                MetaTraining = maml.Read(parse, o.MetaTraining), AdaptSteps = parse.GetValue(adaptSteps) ?? o.AdaptSteps, AdaptLr = parse.GetValue(adaptLr) ?? o.AdaptLr,
                Seed = parse.GetValue(seed), DataDir = parse.GetValue(dataDir), Device = Devices.Parse(parse.GetValue(device)),
            };
            Seeding.Seed(o.Seed);
            var report = MetaCli.WithProgress("few-shot benchmark", 1, bar =>
                FewShotBenchmark.Run(o, line => Console.WriteLine(line), (phase, done, total) => bar(done / (double)Math.Max(total, 1), $"{phase} {done}/{total}")));
            Console.WriteLine();
            Console.WriteLine(report.ToMarkdown());
            return 0;
        });
        return cmd;
    }
}
