using TorchSharp.Modules;

namespace FewShotLearn.Transfer;

/// <summary>
/// A network split for transfer learning: an ordered list of named backbone blocks that turn an image into a
/// feature vector [B, F], followed by a replaceable classification head. Freezing works on these blocks.
/// </summary>
public sealed class TransferModel : nn.Module<Tensor, Tensor>
{
    private readonly ModuleDict<nn.Module<Tensor, Tensor>> backbone;
    private nn.Module<Tensor, Tensor> head;
    private readonly string[] blockNames;

    /// <summary>Builds the model from named blocks (applied in order; the last must output [B, F]) and a head.</summary>
    public TransferModel(string name, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Block)> blocks, long featureDim, nn.Module<Tensor, Tensor> head)
        : base(name)
    {
        var list = blocks.ToList();
        if (list.Count == 0) throw new ArgumentException("A transfer model needs at least one backbone block.", nameof(blocks));
        var dup = list.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ArgumentException($"Backbone block name '{dup.Key}' is used twice.", nameof(blocks));
        backbone = new ModuleDict<nn.Module<Tensor, Tensor>>();
        foreach (var (n, b) in list) backbone.Add((n, b));
        blockNames = list.Select(b => b.Name).ToArray();
        FeatureDim = featureDim;
        this.head = head;
        RegisterComponents();
    }

    /// <summary>Length of the feature vector the backbone produces (the head's input size).</summary>
    public long FeatureDim { get; }

    /// <summary>Backbone block names, input side first.</summary>
    public IReadOnlyList<string> BlockNames => blockNames;

    /// <summary>The backbone block with this name.</summary>
    public nn.Module<Tensor, Tensor> Block(string name) =>
        backbone.TryGetValue(name, out var b) ? b : throw new ArgumentException($"No backbone block '{name}'; blocks are {string.Join(", ", blockNames)}.");

    /// <summary>The current classification head.</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    /// <summary>Backbone blocks that own parameters (the unit of "top k blocks" freezing), input side first.</summary>
    public IReadOnlyList<string> TrainableBlockNames => blockNames.Where(n => backbone[n].parameters().Any()).ToArray();

    /// <summary>Runs the backbone only: the feature vectors [B, F] that the head sees.</summary>
    public Tensor Features(Tensor x)
    {
        foreach (var n in blockNames) x = backbone[n].call(x);
        return x;
    }

    /// <summary>The output of every backbone block for one batch (feature maps for the conv blocks), in order.</summary>
    public List<(string Name, Tensor Output)> BlockOutputs(Tensor x)
    {
        var outs = new List<(string, Tensor)>();
        foreach (var n in blockNames) { x = backbone[n].call(x); outs.Add((n, x)); }
        return outs;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => head.call(Features(x));

    /// <summary>Removes the current head and attaches a new one (a fresh linear layer to <paramref name="classes"/> by default).</summary>
    public void ReplaceHead(int classes, double dropout = 0.0, Device? device = null)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), "A head needs at least one class.");
        nn.Module<Tensor, Tensor> linear = nn.Linear(FeatureDim, classes);
        ReplaceHead(dropout > 0 ? nn.Sequential(("dropout", nn.Dropout(dropout)), ("fc", linear)) : linear, device);
    }

    /// <summary>Removes the current head and attaches <paramref name="newHead"/> (moved to the backbone's device).</summary>
    public void ReplaceHead(nn.Module<Tensor, Tensor> newHead, Device? device = null)
    {
        var dev = device ?? parameters().FirstOrDefault()?.device ?? CPU;
        var old = head;
        head = newHead.to(dev);
        register_module("head", null!);   // TorchSharp removes a sub-module registered as null
        register_module("head", head);
        if (!ReferenceEquals(old, head)) old.Dispose();
    }

    /// <summary>
    /// Sets requires_grad by strategy: the head always trains; the top <see cref="FreezeStrategy.TrainableBlocks"/>
    /// parameterised blocks train too; every other block is frozen.
    /// </summary>
    public void ApplyFreezing(FreezeStrategy strategy)
    {
        var trainable = TrainableBlocks(strategy);
        foreach (var n in blockNames)
            foreach (var p in backbone[n].parameters()) p.requires_grad = trainable.Contains(n);
        foreach (var p in head.parameters()) p.requires_grad = true;
    }

    /// <summary>The names of the blocks that train under a strategy.</summary>
    public HashSet<string> TrainableBlocks(FreezeStrategy strategy)
    {
        var withParams = TrainableBlockNames;
        var k = strategy.TrainableBlocks < 0 ? withParams.Count : Math.Min(strategy.TrainableBlocks, withParams.Count);
        return withParams.Skip(withParams.Count - k).ToHashSet();
    }

    /// <summary>
    /// Training mode for fine-tuning: train() everywhere, but fully frozen blocks stay in eval() so their batch-norm
    /// statistics (a part of the pretrained model) do not drift either.
    /// </summary>
    public void TrainForTransfer()
    {
        train();
        foreach (var n in blockNames)
        {
            var ps = backbone[n].parameters().ToList();
            if (ps.Count > 0 && ps.All(p => !p.requires_grad)) backbone[n].eval();
        }
    }

    /// <summary>Parameters that currently require gradients (what an optimizer should get).</summary>
    public IEnumerable<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

    /// <summary>Total and trainable parameter counts per block and for the head, input side first.</summary>
    public IReadOnlyList<ParameterGroupCount> ParameterCounts()
    {
        var rows = blockNames.Select(n => Count(n, backbone[n])).ToList();
        rows.Add(Count("head", head));
        return rows;
        static ParameterGroupCount Count(string n, nn.Module m) => new(n,
            m.parameters().Sum(p => p.numel()), m.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    /// <summary>Trainable and total parameter counts under each strategy (the current freezing is restored afterwards).</summary>
    public IReadOnlyList<StrategyParameterCount> CountsFor(params FreezeStrategy[] strategies)
    {
        var saved = parameters().Select(p => p.requires_grad).ToList();
        var total = ParameterCount();
        var rows = strategies.Select(s =>
        {
            ApplyFreezing(s);
            return new StrategyParameterCount(s.Name, string.Join(", ", TrainableBlocks(s).Append("head")), TrainableParameterCount(), total);
        }).ToList();
        foreach (var (p, r) in parameters().Zip(saved)) p.requires_grad = r;
        return rows;
    }

    /// <summary>Number of parameters that currently require gradients.</summary>
    public long TrainableParameterCount() => TrainableParameters().Sum(p => p.numel());

    /// <summary>Number of parameters in the whole model.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());
}

/// <summary>What trains under one freezing strategy, and how many parameters that is.</summary>
public sealed record StrategyParameterCount(string Strategy, string TrainableGroups, [property: Column("Trainable parameters")] long Trainable,
    [property: Column("Total parameters")] long Total)
{
    /// <summary>Share of all parameters that train.</summary>
    [Column("Trainable share", Format = "0.0 %")]
    public double TrainableShare => (double)Trainable / Total;
}

/// <summary>Total and trainable parameters of one block of a <see cref="TransferModel"/>.</summary>
public sealed record ParameterGroupCount(string Group, long Total, long Trainable);
