namespace FewShotLearn.Cli.Training;

/// <summary>Spectre.Console views for training: a progress bar callback and the model summary table.</summary>
public static class SpectreProgress
{
    /// <summary>
    /// Runs <paramref name="train"/> inside a live progress bar; the callback handed to it drives the bar. Where the
    /// console is not interactive (output redirected to a log, TERM=dumb: see ConsoleSetup) a live bar would print
    /// nothing, so progress is written as plain lines instead, one per tenth of the steps and one per epoch.
    /// </summary>
    public static History Run(string label, Func<ITrainingCallback, History> train)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return train(new LogCallback(AnsiConsole.Console, label));
        History? history = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => history = train(new Callback(ctx, label)));
        return history!;
    }

    /// <summary>The model summary as a Spectre table.</summary>
    public static Table SummaryTable(ModelSummary summary)
    {
        var table = new Table().Title(Markup.Escape($"{summary.Model}, input [{string.Join(", ", summary.InputShape)}]"))
            .AddColumns("layer", "type", "output shape").AddColumn(new TableColumn("parameters").RightAligned()).AddColumn(new TableColumn("trainable").RightAligned());
        foreach (var l in summary.Layers) table.AddRow(Markup.Escape(l.Name), Markup.Escape(l.Type), Markup.Escape(l.Shape), l.Parameters.ToString("N0"), l.TrainableParameters.ToString("N0"));
        table.AddRow("[bold]total[/]", "", "", $"[bold]{summary.TotalParameters:N0}[/]", $"[bold]{summary.TrainableParameters:N0}[/]");
        return table;
    }

    /// <summary>Progress as plain lines, for logs.</summary>
    internal sealed class LogCallback(IAnsiConsole console, string label) : ITrainingCallback
    {
        readonly System.Diagnostics.Stopwatch watch = new();
        int nextTenth;

        public void OnTrainBegin(TrainingContext context)
        {
            watch.Restart();
            nextTenth = 1;
            console.WriteLine($"{label}: {context.TotalSteps} steps");
        }

        public void OnStep(TrainingContext context, StepMetrics step)
        {
            var done = context.TotalSteps <= 0 ? 1.0 : (double)step.Step / context.TotalSteps;
            if (done * 10 + 1e-9 < nextTenth) return;
            nextTenth = (int)Math.Floor(done * 10 + 1e-9) + 1;
            console.WriteLine($"{label}: step {step.Step}/{context.TotalSteps} ({done * 100:F0}%), epoch {step.Epoch}/{context.Options.Epochs}, loss {context.History.RecentLoss():F4}, {watch.Elapsed.TotalSeconds:F0} s");
        }

        public void OnEpochEnd(TrainingContext context, EpochMetrics e) =>
            console.WriteLine($"{label} epoch {e.Epoch}: train loss {e.TrainLoss:F4}, train acc {e.TrainAccuracy:P2}" +
                (e.TestAccuracy is double a ? $", test loss {e.TestLoss:F4}, test acc {a:P2}" : "") + $", {e.Seconds:F1} s, {e.ImagesPerSecond:F0} img/s");

        public void OnTrainEnd(TrainingContext context)
        {
            if (context.StopReason is { } r) console.WriteLine($"{label}: stopped early: {r}");
        }
    }

    sealed class Callback(ProgressContext ctx, string label) : ITrainingCallback
    {
        ProgressTask? task;

        public void OnTrainBegin(TrainingContext context) => task = ctx.AddTask(Markup.Escape(label), maxValue: context.TotalSteps);

        public void OnStep(TrainingContext context, StepMetrics step)
        {
            task!.Increment(1);
            if (step.Step % 10 == 0 || step.Step == 1)
                task.Description = Markup.Escape($"{label} epoch {step.Epoch}/{context.Options.Epochs} loss {context.History.RecentLoss():F4}");
        }

        public void OnEpochEnd(TrainingContext context, EpochMetrics e) =>
            AnsiConsole.MarkupLine(Markup.Escape($"{label} epoch {e.Epoch}: train loss {e.TrainLoss:F4}, train acc {e.TrainAccuracy:P2}" +
                (e.TestAccuracy is double a ? $", test loss {e.TestLoss:F4}, test acc {a:P2}" : "") + $", {e.Seconds:F1} s, {e.ImagesPerSecond:F0} img/s"));

        public void OnTrainEnd(TrainingContext context)
        {
            if (task is not null) task.Value = task.MaxValue;
            if (context.StopReason is { } r) AnsiConsole.MarkupLine(Markup.Escape($"{label}: stopped early: {r}"));
        }
    }
}
