namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot metatrain</c>: meta-training (MAML on meta-train episodes) repeated with pretraining until both agree on
/// meta-validation episodes (230), starting from a pretrained checkpoint; prints inner/outer losses and the agreement per round.
/// </summary>
public static class MetatrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var splitOptions = new SplitCliOptions();
        var model = new Option<string>("--model") { Description = "Pretrained checkpoint to start from", DefaultValueFactory = _ => "models/pretrained.ckpt" }.NotEmpty();
        var output = new Option<string>("--out") { Description = "Meta-learned checkpoint to write (atomic); the pretrained-only model with the same pretraining budget goes to <out>.pretrained", DefaultValueFactory = _ => "models/meta.ckpt" }.OutputFile();
        var rounds = new Option<int>("--rounds") { Description = "Most rounds of (pretraining, meta-training)", DefaultValueFactory = _ => 2 }.InRange(1, 1000);
        var tolerance = new Option<double>("--tolerance") { Description = "Stop when the meta-validation scores of the pretrained and meta-trained network differ by at most this", DefaultValueFactory = _ => 0.02 }.InRange(0, 1);
        var pretrainSteps = new Option<int>("--pretrain-steps") { Description = "Pretraining steps in rounds after the first", DefaultValueFactory = _ => 100 }.InRange(0, 1_000_000);
        var maml = new MamlCliOptions(new MamlOptions { MetaIterations = 60, Shots = 1, Queries = 5, InnerSteps = 3, InnerLr = 0.1 });
        var cmd = new Command("metatrain", "Meta-training (MAML on meta-train episodes with a metric loss) repeated with pretraining until both agree; writes the meta-learned checkpoint.")
            { model, output, rounds, tolerance, pretrainSteps };
        splitOptions.AddTo(cmd);
        maml.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var (dev, s) = splitOptions.Start(parse);
            using var net = MetaCli.LoadModel(parse.GetValue(model)!, dev, "fewshot pretrain");
            using var split = splitOptions.Split(parse, dev, s);
            var pretraining = new Pretraining(MetaCli.PretrainingOptions(parse.GetValue(pretrainSteps), s, dev));
            using var experiment = new FewShotExperiment(split, net.Config, pretraining, maml.Read(parse),
                new PipelineOptions { MaxRounds = parse.GetValue(rounds), Tolerance = parse.GetValue(tolerance) }, s, pretrained: net);
            var options = experiment.MetaTraining;
            var total = experiment.PipelineOptions.MaxRounds * (options.MetaIterations + pretraining.Options.Steps);
            var done = 0;
            MetaCli.WithProgress("meta-training", total, report =>
            {
                experiment.Progress = FewShotLearn.Training.TrainingProgress.Handler(p =>
                {
                    report(++done, p.ToString());
                    if (p.Phase.EndsWith("meta-training") && (p.Step % 10 == 0 || p.Step == 1))
                        AnsiConsole.MarkupLine(Markup.Escape(p.ToString()));
                });
                experiment.OnRound = rec => AnsiConsole.MarkupLine(Markup.Escape(
                    $"round {rec.Round}: meta-validation score pretrained {rec.PretrainingScore:F3}, meta-trained {rec.MetaTrainingScore:F3}, gap {rec.Gap:F3} {(rec.Agreed ? "<= " : "> ")}{rec.Tolerance} ({(rec.Agreed ? "agreed" : "not yet")})"));
                return experiment.Pipeline;
            });
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var pipeline = experiment.Pipeline;
            pipeline.Net.Save(path, new Dictionary<string, string> { ["stage"] = "meta-trained", ["rounds"] = pipeline.Rounds.Count.ToString(), ["firstOrder"] = options.FirstOrder.ToString(), ["seed"] = s.ToString() });
            using (var pretrainedOnly = experiment.PretrainedWithFullBudget())
                pretrainedOnly.Save(path + ".pretrained", new Dictionary<string, string> { ["stage"] = "pretrained", ["matchedTo"] = path });
            AnsiConsole.MarkupLine(Markup.Escape($"saved {path} (meta-learned) and {path}.pretrained (pretraining only, same pretraining budget); {pipeline.Rounds.Count} round(s), agreed: {pipeline.Rounds[^1].Agreed}"));
            return 0;
        });
        return cmd;
    }
}
