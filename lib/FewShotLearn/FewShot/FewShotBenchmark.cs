using System.Diagnostics;

namespace FewShotLearn.FewShot;

/// <summary>The outcome of one setting (split, protocol): the split, per K the rounds of the full method and the results table, and the verdict.</summary>
public sealed record FewShotSettingReport(FewShotSetting Setting, string Split, IReadOnlyList<EvaluationResult> Results,
    IReadOnlyList<IReadOnlyList<RoundRecord>> Rounds, IReadOnlyList<string> Budgets, string Verdict, double Seconds, int MaxRounds = 1, IReadOnlyList<FeedbackStudy>? Feedback = null)
{
    /// <summary>The setting as Markdown: split, budgets, tables with paired differences, rounds and verdict.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"### {Setting}").AppendLine().AppendLine(Split).AppendLine();
        for (var i = 0; i < Results.Count; i++)
        {
            sb.AppendLine(Budgets[i]).AppendLine();
            sb.AppendLine(Results[i].ToMarkdown()).AppendLine();
            sb.AppendLine("Step 230, agreement rounds (meta-validation prototype accuracy, pretrained vs meta-trained): " +
                string.Join("; ", Rounds[i].Select(r => $"round {r.Round} {r.PretrainingScore:F3} vs {r.MetaTrainingScore:F3}, gap {r.Gap:F3} (tolerance {r.Tolerance:G3}, {(r.Agreed ? "agreed" : "not agreed")})")) +
                $"; {Agreement.Summarize(Rounds[i], Math.Max(MaxRounds, Rounds[i].Count))}.").AppendLine();
            if (Feedback is { Count: > 0 } && i < Feedback.Count)
                sb.AppendLine($"Step 240, feedback on the full method ({Results[i].Options.Shots}-shot target tasks, one query per class, oracle marks of the top {Feedback[i].Options.K}, " +
                    "re-adaptation + Rocchio, scored on the residual collection; paired differences over tasks):").AppendLine().AppendLine(Feedback[i].ToMarkdown());
        }
        return sb.AppendLine(Verdict).ToString();
    }
}

/// <summary>The benchmark's outcome: one report per setting and the total wall time.</summary>
public sealed record FewShotBenchmarkReport(IReadOnlyList<FewShotSettingReport> Settings, double Seconds, string Device)
{
    /// <summary>Every setting as Markdown, then the verdicts and the wall time.</summary>
    public string ToMarkdown() =>
        string.Join("\n", Settings.Select(s => s.ToMarkdown())) + "\n" +
        string.Join("\n", Settings.Select(s => $"{s.Setting}: {s.Verdict}")) + $"\n\ntotal {Seconds:F0} s on {Device}\n";
}

/// <summary>
/// <c>fewshot benchmark fewshot</c> as a library call: for each setting and K, the shared pretraining, the full method and
/// every baseline trained with the same budget, all scored on the same target tasks with the same adaptation, the tables with
/// paired differences against the full method and the verdict.
/// </summary>
public static class FewShotBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="log"/> gets one line per phase, <paramref name="progress"/> (phase, done, total).</summary>
    public static FewShotBenchmarkReport Run(FewShotBenchmarkOptions options, Action<string>? log = null, Action<string, int, int>? progress = null)
    {
        options.Validate();
        var device = options.Device ?? Devices.Default;
        var clock = Stopwatch.StartNew();
        var reports = new List<FewShotSettingReport>();
        foreach (var setting in options.Settings)
        {
            var settingClock = Stopwatch.StartNew();
            using var split = CrossDomainSplit.Create(setting.Data, setting.Protocol, options.PerClass, options.DataDir, options.Seed, device);
            log?.Invoke($"{setting}: {split.Description}");
            var pretraining = new Pretraining(new MetricTrainingOptions
            {
                Steps = options.PretrainingSteps, ClassesPerBatch = 8, SamplesPerClass = 4, LearningRate = options.PretrainingLr, Seed = options.Seed, Device = device,
            });
            var config = new EmbeddingNetConfig(split.Source.Channels, options.Channels);
            var shared = FewShotExperiment.Pretrain(split, config, pretraining, options.Seed,
                Training.TrainingProgress.Handler(p => progress?.Invoke("pretraining", p.Step, p.TotalSteps)));
            var results = new List<EvaluationResult>();
            var rounds = new List<IReadOnlyList<RoundRecord>>();
            var budgets = new List<string>();
            var feedback = new List<FeedbackStudy>();
            try
            {
                foreach (var k in options.Shots)
                {
                    var maml = options.MetaTraining with { Shots = k };
                    using var experiment = new FewShotExperiment(split, config, pretraining, maml,
                        new PipelineOptions { MaxRounds = options.Rounds, Tolerance = options.Tolerance }, options.Seed, shared);
                    experiment.Progress = Training.TrainingProgress.Handler(p => progress?.Invoke($"{k}-shot {p.Phase}", p.Step, p.TotalSteps));
                    var ways = split.TargetWays(options.Ways);
                    var evaluation = new EvaluationOptions
                    {
                        Ways = ways, Shots = k, Tasks = options.Tasks, K = options.K,
                        DatabasePerClass = Math.Min(options.DatabasePerClass, split.TargetImagesPerClass - k),
                        AdaptSteps = options.AdaptSteps ?? experiment.MetaTraining.InnerSteps, AdaptLr = options.AdaptLr ?? experiment.MetaTraining.InnerLr,
                        Seed = options.Seed + 100 + k,
                    };
                    var methods = FewShotExperiment.DefaultMethods();
                    try
                    {
                        var result = FewShotEvaluation.TrainAndRun(experiment, methods, evaluation,
                            m => log?.Invoke($"{k}-shot: training {m.Name}"), (t, n) => progress?.Invoke($"{k}-shot evaluation", t, n));
                        budgets.Add(experiment.Budget(evaluation));
                        results.Add(result);
                        rounds.Add(experiment.Pipeline.Rounds.ToArray());
                        log?.Invoke(result.ToMarkdown());
                        if (options.FeedbackTasks > 0)
                        {
                            var full = methods.OfType<FullMethod>().First().Network!;
                            var adaptation = new Meta.Adaptation(full.ForwardWith, evaluation.Adaptation.Loss, evaluation.AdaptSteps, evaluation.AdaptLr);
                            var study = FeedbackRound.Study(full, adaptation, new EpisodeSampler(split.Target, seed: options.Seed + 200 + k, device: device), options.FeedbackTasks,
                                ways, k, evaluation.DatabasePerClass, new FeedbackOptions { Rounds = 2, K = options.K, QueriesPerClass = 1 },
                                (t, n) => progress?.Invoke($"{k}-shot feedback", t, n));
                            feedback.Add(study);
                            log?.Invoke(study.ToMarkdown());
                        }
                    }
                    finally
                    {
                        foreach (var m in methods) m.Dispose();
                    }
                }
            }
            finally
            {
                shared.Dispose();
            }
            var verdict = Verdict.For(results);
            log?.Invoke(verdict);
            reports.Add(new FewShotSettingReport(setting, split.Description, results, rounds, budgets, verdict, settingClock.Elapsed.TotalSeconds, options.Rounds, feedback));
        }
        return new FewShotBenchmarkReport(reports, clock.Elapsed.TotalSeconds, device.ToString());
    }
}
