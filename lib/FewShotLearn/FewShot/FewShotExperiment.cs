namespace FewShotLearn.FewShot;

/// <summary>
/// One setting of the comparison (a split and K): the pretraining every method shares, the full method's training
/// (<see cref="FewShotPipeline"/>, run once, on first use) and the budget every baseline matches: as many pretraining
/// rounds and as many meta-train images as the full method used. Methods read it in <see cref="FewShotMethod.Train"/>.
/// </summary>
public sealed class FewShotExperiment : IDisposable
{
    private readonly bool _ownsPretrained;
    private EmbeddingNet? _pretrained;
    private FewShotPipeline? _pipeline;

    /// <summary>
    /// The setting: <paramref name="split"/>, a network of <paramref name="config"/>, <paramref name="pretraining"/>, the MAML settings
    /// <paramref name="metaTraining"/> (its Shots is K) and the repetition <paramref name="pipeline"/>. A network already pretrained with
    /// the same <paramref name="pretraining"/> (e.g. by the experiment of another K) can be shared as <paramref name="pretrained"/>; it is
    /// then neither changed nor disposed.
    /// </summary>
    public FewShotExperiment(CrossDomainSplit split, EmbeddingNetConfig config, Pretraining pretraining, MamlOptions metaTraining,
        PipelineOptions? pipeline = null, int seed = Seeding.DefaultSeed, EmbeddingNet? pretrained = null)
    {
        Split = split;
        Config = config;
        Pretraining = pretraining;
        var mode = metaTraining.Mode;
        MetaTraining = metaTraining with { Ways = split.MetaTrainWays(mode, metaTraining.Ways) };
        MetaTraining.Validate();
        PipelineOptions = (pipeline ?? new PipelineOptions()) with { AlreadyPretrained = true, ValidationShots = metaTraining.Shots, Seed = seed };
        Seed = seed;
        _pretrained = pretrained;
        _ownsPretrained = pretrained is null;
    }

    /// <summary>The data.</summary>
    public CrossDomainSplit Split { get; }

    /// <summary>The architecture every method trains.</summary>
    public EmbeddingNetConfig Config { get; }

    /// <summary>The shared pretraining (source set).</summary>
    public Pretraining Pretraining { get; }

    /// <summary>The full method's MAML settings, with ways clamped to what the meta-train classes allow.</summary>
    public MamlOptions MetaTraining { get; }

    /// <summary>The full method's repetition settings.</summary>
    public PipelineOptions PipelineOptions { get; }

    /// <summary>Seed of the network initialisation and of every method's sampling.</summary>
    public int Seed { get; }

    /// <summary>K, labelled images per class of the target support sets (and of the meta-train episodes).</summary>
    public int Shots => MetaTraining.Shots;

    /// <summary>Gets every pretraining step and meta-iteration of the full method (phases "pretraining", "round R pretraining", "round R meta-training").</summary>
    public IProgress<Training.TrainingProgress>? Progress { get; set; }

    /// <summary>Called after each round of the full method.</summary>
    public Action<RoundRecord>? OnRound { get; set; }

    /// <summary>The network after the shared pretraining on the source set (trained on first use).</summary>
    public EmbeddingNet Pretrained
    {
        get
        {
            return _pretrained ??= Pretrain(Split, Config, Pretraining, Seed, Progress);
        }
    }

    /// <summary>
    /// A network of <paramref name="config"/> (initialised from <paramref name="seed"/>) after <paramref name="pretraining"/> on the source
    /// set: what every method starts from. Pass it to experiments of several K as their shared <c>pretrained</c> network.
    /// </summary>
    public static EmbeddingNet Pretrain(CrossDomainSplit split, EmbeddingNetConfig config, Pretraining pretraining, int seed, IProgress<Training.TrainingProgress>? progress = null)
    {
        Seeding.Seed(seed);
        var net = new EmbeddingNet(config, split.Source.Images.device);
        pretraining.Train(net, split.Source, 0, progress);
        return net;
    }

    /// <summary>The full method's training (pretraining, then rounds of meta-training and pretraining until agreement), run on first use.</summary>
    public FewShotPipeline Pipeline
    {
        get
        {
            if (_pipeline is not null) return _pipeline;
            Seeding.Seed(Seed + 1);
            var pipeline = new FewShotPipeline(ModelCopy.Copy(Pretrained), Pretraining, MetaTraining, PipelineOptions)
            {
                Progress = Progress,
                OnRound = OnRound,
            };
            pipeline.Run(Split);
            return _pipeline = pipeline;
        }
    }

    /// <summary>Rounds the full method ran (each later round adds one pretraining run, which the baselines get too).</summary>
    public int Rounds => Pipeline.Rounds.Count;

    /// <summary>Meta-train episodes the full method trained on: meta-iterations run x meta-batch.</summary>
    public int MetaTrainEpisodes => Pipeline.MetaSteps.Count * MetaTraining.MetaBatch;

    /// <summary>Meta-train images the full method saw: episodes x ways x (shots + queries) (each side of a disjoint episode has N classes).</summary>
    public long MetaTrainImages => (long)MetaTrainEpisodes * MetaTraining.Ways * (MetaTraining.Shots + MetaTraining.Queries);

    /// <summary>
    /// A copy of the pretrained network given the same pretraining budget as the full method: one further pretraining run for
    /// each round after the first (the same seeds and learning rates the full method used).
    /// </summary>
    public EmbeddingNet PretrainedWithFullBudget()
    {
        var net = ModelCopy.Copy(Pretrained);
        for (var round = 2; round <= Rounds; round++) Pipeline.PretrainingOfRound(round).Train(net, Split.Source, round - 1);
        return net;
    }

    /// <summary>
    /// Plain metric-training steps on the meta-train set that see as many images as the full method's meta-training
    /// (<see cref="MetaTrainImages"/> / batch images, rounded up), with batches of P = min(pretraining P, meta-train classes) classes.
    /// </summary>
    public (int Steps, int ClassesPerBatch) MetaTrainBudget()
    {
        var p = Math.Min(Pretraining.Options.ClassesPerBatch, Split.MetaTrain.Labels.Distinct().Count());
        var batch = p * Pretraining.Options.SamplesPerClass;
        return ((int)Math.Ceiling((double)MetaTrainImages / batch), p);
    }

    /// <summary>One line on what every method trained on and how it adapts (for tables and logs).</summary>
    public string Budget(EvaluationOptions evaluation)
    {
        var (steps, p) = MetaTrainBudget();
        return $"{Shots}-shot budget: {Pretraining.Options.Steps} pretraining steps x {Rounds} round(s) for every method; the full method meta-trained on " +
            $"{MetaTrainEpisodes} {MetaTraining.Ways}-way episodes ({MetaTrainImages} meta-train images), matched by the prototypical network " +
            $"({MetaTrainEpisodes} episodes), by plain metric training ({steps} steps of {p} x {Pretraining.Options.SamplesPerClass} images) and by joint training; " +
            $"adaptation: {evaluation.AdaptSteps} steps of size {evaluation.AdaptLr} on S_t for every method but pretraining only.";
    }

    /// <summary>The six methods of the comparison, in table order (the full method first); the caller disposes them.</summary>
    public static IReadOnlyList<FewShotMethod> DefaultMethods() =>
    [
        new FullMethod(), new PretrainingOnly(), new PretrainingFineTuned(), new PrototypicalNetwork(), new MetricMetaTraining(), new JointTraining(),
    ];

    /// <inheritdoc />
    public void Dispose()
    {
        _pipeline?.Net.Dispose();
        if (_ownsPretrained) _pretrained?.Dispose();
    }
}
