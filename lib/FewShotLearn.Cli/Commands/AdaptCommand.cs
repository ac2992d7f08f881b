namespace FewShotLearn.Cli.Commands;

/// <summary>
/// <c>fewshot adapt</c>: step 4 of the method, a few fine-tuning steps on a target support set (an image folder with one
/// sub-folder per class, or K images per class of the split's target set) from a (meta-learned) checkpoint.
/// </summary>
public static class AdaptCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var splitOptions = new SplitCliOptions();
        var model = new Option<string>("--model") { Description = "Checkpoint to adapt (normally from `fewshot metatrain`)", DefaultValueFactory = _ => "models/meta.ckpt" }.NotEmpty();
        var support = new Option<string?>("--support") { Description = "Folder of labelled target images, one sub-folder per class (default: K images per class of the split's target set)" };
        var shots = new Option<int>("--shots") { Description = "K: images per class taken from the target set when --support is not given", DefaultValueFactory = _ => 1 }.InRange(1, 1000);
        var ways = new Option<int>("--ways") { Description = "N: target classes taken when --support is not given", DefaultValueFactory = _ => 5 }.InRange(2, 1000);
        var steps = new Option<int>("--steps") { Description = "Fine-tuning steps (few, to avoid over-fitting)", DefaultValueFactory = _ => 5 }.InRange(1, 100_000);
        var lr = new Option<double>("--lr") { Description = "Fine-tuning step size", DefaultValueFactory = _ => 0.1 }.Positive();
        var output = new Option<string>("--out") { Description = "Adapted checkpoint to write (atomic)", DefaultValueFactory = _ => "models/adapted.ckpt" }.OutputFile();
        var cmd = new Command("adapt", "Step 4: fine-tune a few steps on a target support set from the meta-learned initialisation; writes the adapted checkpoint.")
            { model, support, ways, shots, steps, lr, output };
        splitOptions.AddTo(cmd, at: 2);
        cmd.SetAction(parse =>
        {
            var (dev, s) = splitOptions.Start(parse);
            var net = MetaCli.LoadModel(parse.GetValue(model)!, dev, "fewshot metatrain");
            LabeledImages? database = null;
            LabeledImages supportSet;
            if (parse.GetValue(support) is { } folder)
                supportSet = ImageFolder.Load(folder, size: 28, grayscale: net.Config.InChannels == 1, device: dev);
            else
            {
                using var split = splitOptions.Split(parse, dev, s, print: false);
                var perTarget = split.TargetImagesPerClass;
                if (parse.GetValue(shots) >= perTarget)
                    throw new ArgumentException($"--shots {parse.GetValue(shots)} leaves no image per class to search: the target set has {perTarget} images per class. Use --shots {perTarget - 1} or less, or raise --per-class.");
                if (parse.GetValue(ways) > split.Target.ClassCount)
                    throw new ArgumentException($"--ways {parse.GetValue(ways)} asks for more classes than the target set has ({split.Target.ClassCount}). Use --ways {split.Target.ClassCount} or less.");
                (supportSet, database) = SupportSetAdaptation.SampleTask(split.Target, parse.GetValue(ways), parse.GetValue(shots), s);
            }
            using var outcome = SupportSetAdaptation.Run(net, supportSet, parse.GetValue(steps), parse.GetValue(lr), database);
            AnsiConsole.MarkupLine(Markup.Escape($"support set: {supportSet.Count} images, {supportSet.ClassCount} classes; support loss per step: {string.Join(" -> ", outcome.SupportLosses.Select(l => l.ToString("F4")))}"));
            if (database is not null)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"retrieval on {database.Count} other images of these classes before adaptation: {outcome.Before}"));
                AnsiConsole.MarkupLine(Markup.Escape($"retrieval on {database.Count} other images of these classes after adaptation: {outcome.After}"));
            }
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            outcome.Adapted.Save(path, new Dictionary<string, string> { ["stage"] = "adapted", ["from"] = parse.GetValue(model)!, ["classes"] = string.Join(",", supportSet.ClassNames) });
            AnsiConsole.MarkupLine(Markup.Escape($"saved {path}"));
            return 0;
        });
        return cmd;
    }
}
