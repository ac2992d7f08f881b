namespace FewShotLearn.Transfer;

/// <summary>One measured transfer run: target, training-set size, strategy, accuracy and wall time.</summary>
/// <remarks><see cref="TrainAccuracy"/> is measured after training in eval mode (see <see cref="FineTuneResult.FinalTrainAccuracy"/>).</remarks>
public sealed record TransferRun(string Target, int TrainImages, string Strategy, double TestAccuracy, double TrainAccuracy,
    [property: Column("Training time", Unit = "s", Format = "0.0")] double Seconds, long TrainableParameters, [property: Column(Hidden = true)] IReadOnlyList<EpochRecord> Epochs,
    [property: Column(Hidden = true)] int TestImages);

/// <summary>A way to train on a target: which blocks train and whether the backbone starts from the pretrained weights.</summary>
public sealed record TransferRecipe(string Name, FreezeStrategy Freeze, bool Pretrained)
{
    /// <summary>Feature extraction: pretrained backbone frozen, new head trained.</summary>
    public static TransferRecipe FeatureExtraction { get; } = new("feature extraction (head only)", FreezeStrategy.HeadOnly, true);
    /// <summary>Fine-tuning of the top backbone block and the head.</summary>
    public static TransferRecipe FineTuneTop { get; } = new("fine-tune top block + head", FreezeStrategy.TopBlocks(1), true);
    /// <summary>Fine-tuning of every layer from the pretrained weights.</summary>
    public static TransferRecipe FineTuneAll { get; } = new("fine-tune everything", FreezeStrategy.Everything, true);
    /// <summary>The same architecture trained from random weights (no transfer).</summary>
    public static TransferRecipe FromScratch { get; } = new("from scratch", FreezeStrategy.Everything, false);
    /// <summary>The four recipes compared in the course notebook.</summary>
    public static IReadOnlyList<TransferRecipe> All { get; } = [FeatureExtraction, FineTuneTop, FineTuneAll, FromScratch];
}

/// <summary>Runs transfer experiments: copy a pretrained backbone into a fresh model, attach a new head, train by recipe.</summary>
public static class TransferExperiments
{
    /// <summary>
    /// A new model from <paramref name="architecture"/> with <paramref name="pretrained"/>'s backbone weights (when
    /// given) and a fresh head for <paramref name="classes"/> classes.
    /// </summary>
    public static TransferModel FromPretrained(TransferModel? pretrained, Func<TransferModel> architecture, int classes)
    {
        var model = architecture();
        if (pretrained is not null)
        {
            var source = pretrained.state_dict();
            using var _ = no_grad();
            foreach (var (name, t) in model.state_dict().Where(kv => kv.Key.StartsWith("backbone.")))
            {
                if (!source.TryGetValue(name, out var s) || !s.shape.SequenceEqual(t.shape))
                    throw new ArgumentException($"The pretrained model has no backbone tensor '{name}' of shape [{string.Join(", ", t.shape)}]; use the same architecture.");
                t.copy_(s);
            }
        }
        model.ReplaceHead(classes);
        return model;
    }

    /// <summary>Trains one recipe on <paramref name="train"/> and measures it on <paramref name="test"/>.</summary>
    public static TransferRun Run(string target, TransferModel pretrained, Func<TransferModel> architecture, TransferRecipe recipe,
        LabeledImages train, LabeledImages test, FineTuneOptions options)
    {
        using var model = FromPretrained(recipe.Pretrained ? pretrained : null, architecture, test.ClassCount);
        var r = FineTuner.Train(model, recipe.Freeze, train, test, options);
        return new TransferRun(target, train.Count, recipe.Name, r.FinalTestAccuracy, r.FinalTrainAccuracy, r.Seconds, r.TrainableParameters, r.Epochs, test.Count);
    }

    /// <summary>
    /// Runs every recipe at every training-set size, drawing each size from <paramref name="pool"/> (same draw for
    /// every recipe, torch seeded before each run). <paramref name="optionsFor"/> gives the options for a size.
    /// </summary>
    public static List<TransferRun> Sweep(string target, TransferModel pretrained, Func<TransferModel> architecture, LabeledImages pool,
        LabeledImages test, IReadOnlyList<int> sizes, IReadOnlyList<TransferRecipe> recipes, Func<int, FineTuneOptions> optionsFor, int seed)
    {
        var runs = new List<TransferRun>();
        foreach (var n in sizes)
        {
            using var train = TransferData.Sample(pool, n, seed);
            foreach (var recipe in recipes)
            {
                Runtime.Seeding.Seed(seed);
                runs.Add(Run(target, pretrained, architecture, recipe, train, test, optionsFor(n)));
            }
        }
        return runs;
    }

    /// <summary>
    /// Epochs for a training-set size so that every run sees about <paramref name="imageBudget"/> images
    /// (small sets get more passes), at least <paramref name="minEpochs"/>.
    /// </summary>
    public static int EpochsFor(int trainImages, int imageBudget = 3000, int minEpochs = 2) =>
        Math.Max(minEpochs, (int)Math.Ceiling((double)imageBudget / trainImages));

    /// <summary>The course's rule for a target of this size and similarity to the source data.</summary>
    public static string Recommendation(bool large, bool similar) => (large, similar) switch
    {
        (false, true) => "train only the classifier (feature extraction)",
        (false, false) => "train some upper conv layers and the classifier",
        (true, true) => "train the later conv layers and the classifier",
        (true, false) => "retrain the whole model",
    };

    /// <summary>The recipe that implements <see cref="Recommendation"/>.</summary>
    public static TransferRecipe RecommendedRecipe(bool large, bool similar) => (large, similar) switch
    {
        (false, true) => TransferRecipe.FeatureExtraction,
        (true, false) => TransferRecipe.FineTuneAll,
        _ => TransferRecipe.FineTuneTop,
    };

    /// <summary>
    /// The size x similarity table: for each quadrant, the course's recommendation, the measured test accuracy of
    /// every recipe and the best one. <paramref name="runs"/> must hold the runs of both targets at both sizes.
    /// </summary>
    public static IReadOnlyList<QuadrantRow> QuadrantTable(IReadOnlyList<TransferRun> runs, string similarTarget, string dissimilarTarget, int smallSize, int largeSize)
    {
        var rows = new List<QuadrantRow>();
        foreach (var (large, size) in new[] { (false, smallSize), (true, largeSize) })
            foreach (var (similar, target) in new[] { (true, similarTarget), (false, dissimilarTarget) })
            {
                var run = TransferRecipe.All.ToDictionary(r => r.Name, r => runs.SingleOrDefault(x => x.Target == target && x.TrainImages == size && x.Strategy == r.Name)
                    ?? throw new ArgumentException($"No run of '{r.Name}' on {target} with {size} images."));
                var best = run.Values.MaxBy(r => r.TestAccuracy)!;
                var rec = run[RecommendedRecipe(large, similar).Name];
                double Acc(TransferRecipe r) => run[r.Name].TestAccuracy;
                rows.Add(new QuadrantRow($"{(large ? "large" : "small")} ({size})", similar ? "similar" : "dissimilar", Recommendation(large, similar),
                    Acc(TransferRecipe.FeatureExtraction), Acc(TransferRecipe.FineTuneTop), Acc(TransferRecipe.FineTuneAll), Acc(TransferRecipe.FromScratch),
                    best.Strategy, rec.TestAccuracy - best.TestAccuracy, Verdict(rec, best)));
            }
        return rows;
    }

    /// <summary>
    /// Whether a measurement confirms the course's rule and, when it does not, why, read off the numbers: the
    /// recommended run against the best one. A gap within two standard errors of the difference of two accuracies on
    /// the test set is sampling noise; otherwise the train accuracies (eval mode) tell under-fitting (the recommended
    /// recipe cannot even fit its training images: too few trainable layers for features this far from the source's)
    /// from over-fitting (it fits them but generalises worse).
    /// </summary>
    public static string Verdict(TransferRun recommended, TransferRun best)
    {
        if (ReferenceEquals(recommended, best) || recommended.Strategy == best.Strategy) return "confirmed: the recommended recipe is the best measured";
        var gap = best.TestAccuracy - recommended.TestAccuracy;
        var n = Math.Max(1, Math.Min(recommended.TestImages, best.TestImages));
        var se = Math.Sqrt((best.TestAccuracy * (1 - best.TestAccuracy) + recommended.TestAccuracy * (1 - recommended.TestAccuracy)) / n);
        if (gap <= 2 * se)
            return $"confirmed within noise: {best.Strategy} is {gap:0.000} better, less than 2 standard errors ({2 * se:0.000}) on {n} test images";
        var head = $"contradicted: {best.Strategy} beats the recommended {recommended.Strategy} by {gap:0.000} (> 2 SE = {2 * se:0.000}) because ";
        if (recommended.TrainAccuracy < best.TrainAccuracy - 2 * se)
            return head + $"the recommended recipe under-fits: train accuracy {recommended.TrainAccuracy:0.000} vs {best.TrainAccuracy:0.000}; " +
                $"with {recommended.TrainableParameters:N0} trainable parameters (vs {best.TrainableParameters:N0}) the source features do not separate these classes and it cannot adapt them";
        if (recommended.TrainAccuracy - recommended.TestAccuracy > best.TrainAccuracy - best.TestAccuracy + 2 * se)
            return head + $"the recommended recipe over-fits: train − test gap {recommended.TrainAccuracy - recommended.TestAccuracy:0.000} vs {best.TrainAccuracy - best.TestAccuracy:0.000}";
        return head + $"it fits the training images equally well (train accuracy {recommended.TrainAccuracy:0.000} vs {best.TrainAccuracy:0.000}) but its features generalise less well to the test images";
    }

    /// <summary>
    /// Over-fitting on a small training set: the same CNN trained from scratch plain, with dropout, with batch norm,
    /// and with augmentation; reports train and test accuracy and their gap.
    /// </summary>
    public static IReadOnlyList<RegularisationRow> Regularisation(LabeledImages train, LabeledImages test, FineTuneOptions options, int seed, int[]? widths = null)
    {
        var variants = new (string Name, bool BatchNorm, double Dropout, bool Augment)[]
        {
            ("plain (no BN, no dropout)", false, 0.0, false),
            ("+ dropout 0.5", false, 0.5, false),
            ("+ batch norm", true, 0.0, false),
            ("+ augmentation (shift/rotate)", false, 0.0, true),
            ("batch norm + dropout + augmentation", true, 0.5, true),
        };
        var rows = new List<RegularisationRow>();
        foreach (var v in variants)
        {
            Runtime.Seeding.Seed(seed);
            using var model = Models.TransferCnn.Create(train.Channels, test.ClassCount, widths, batchNorm: v.BatchNorm, dropout: v.Dropout, device: options.Device);
            var r = FineTuner.Train(model, FreezeStrategy.Everything, train, test, options with { Augment = v.Augment });
            rows.Add(new RegularisationRow(v.Name, r.FinalTrainAccuracy, r.FinalTestAccuracy, r.FinalTrainAccuracy - r.FinalTestAccuracy, r.Seconds));
        }
        return rows;
    }
}

/// <summary>One quadrant of the size x similarity table with measured accuracies (test set) of each recipe.</summary>
public sealed record QuadrantRow(string Size, string Similarity, [property: Column("Course's rule")] string CourseRecommendation,
    double FeatureExtraction, [property: Column("Fine-tune top block")] double FineTuneTop, [property: Column("Fine-tune all")] double FineTuneAll, double FromScratch,
    [property: Column("Best measured")] string BestMeasured, [property: Column("Recommended − best")] double RecommendedMinusBest,
    [property: Column("Rule vs measurement")] string Verdict);

/// <summary>Train/test accuracy of one regularisation variant on a small training set.</summary>
public sealed record RegularisationRow(string Variant, double TrainAccuracy, double TestAccuracy, [property: Column("Gap (train − test)")] double Gap,
    [property: Column("Training time", Unit = "s", Format = "0.0")] double Seconds);
