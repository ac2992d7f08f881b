import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from nbmeta import code, md, write

cells = [
md("""# 08 · MAML: learning an initialisation that adapts in a few steps

Stage 2 of the patented method (step 220) is **model-agnostic meta-learning** (Finn et al., 2017) with a metric loss.
Training is organised in *episodes*: each holds a small **support set** S (N classes × K labelled images) and a
**query set** Q. In the patent's episodes, Q holds N *other* classes than S; the usual variant (same classes,
different images) is also supported (`EpisodeMode.SameClasses`).

For each episode, starting from the current initialisation θ:

* **inner loop (eq. 1)**: n gradient steps on the support loss, θ′ₖ = θ′ₖ₋₁ − α ∇ L_metric(S; θ′ₖ₋₁), θ′₀ = θ;
* **outer loop (eq. 2)**: the query loss of the adapted network, L_metric(Q; θ′ₙ), is differentiated **with respect to θ**
  (through the inner steps: second-order gradients) and θ ← θ − β ∇_θ Σ_episodes L_metric(Q; θ′ₙ).

This notebook trains stage 1 briefly, then runs MAML while a live chart shows the inner- and outer-loop losses,
compares second- and first-order MAML, and runs the repetition of stages 1 and 2 (step 230) with its agreement curve.
Defaults are small so the notebook runs in about a minute on two CPU cores."""),
md("""## 1 · Data: a general domain and the domain to be searched
`CrossDomainSplit.Glyphs` builds the four sets of the method from the procedural glyph data (no download):
D1 (many labelled glyph classes, white on black) for stage 1; D2 (other glyph classes drawn **inverted**, the "kind of
images to be searched") for the MAML episodes; held-out inverted classes for the agreement check; and unseen
inverted target classes (used in notebook 09)."""),
code("""using FewShotLearn.Episodes;
using FewShotLearn.Interactive;
using FewShotLearn.Meta;
using FewShotLearn.Metric;
using FewShotLearn.Models;
using FewShotLearn.Plots;
using FewShotLearn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

var split = CrossDomainSplit.Glyphs(baseClasses: 30, metaClasses: 16, heldOutClasses: 8, targetClasses: 10, perClass: 10, size: 20, seed: 0);
split.Description"""),
md("""## 2 · Episodes
`EpisodeSampler` draws N-way K-shot episodes. Support labels are relabelled 0..N−1; in the patent's mode the query
set's classes are disjoint from the support set's. Asking for more classes than exist is an error that names both
numbers and the fix (shown in the second cell)."""),
code("""var sampler = new EpisodeSampler(split.D2, seed: 1);
var episode = sampler.Sample(ways: 5, shots: 1, queries: 3, EpisodeMode.DisjointClasses);
new { episode = episode.ToString(), supportShape = string.Join("x", episode.SupportImages.shape), queryShape = string.Join("x", episode.QueryImages.shape),
      supportClasses = string.Join(",", episode.SupportClasses), queryClasses = string.Join(",", episode.QueryClasses) }"""),
code("""try { sampler.Sample(ways: 12, shots: 1, queries: 3, EpisodeMode.DisjointClasses); }
catch (ArgumentException e) { display(e.Message); }"""),
md("""## 3 · Stage 1: metric learning on D1
A small `EmbeddingNet` (three conv blocks of 12 channels → global average pooling → L2 normalisation) trained with the
batch-hard triplet loss on class-balanced batches (`MetricStage` wraps `MetricTrainer`)."""),
code("""Seeding.Seed(1);
var net = new EmbeddingNet(1, [12, 12, 12]);
var stage1 = new MetricStage(new MetricTrainingOptions { Steps = 60, ClassesPerBatch = 8, SamplesPerClass = 4, LearningRate = 3e-3, Seed = 1 });
var stage1Losses = stage1.Train(net, split.D1);
var stage1Net = FewShotPipeline.Copy(net);   // kept for the comparisons below
Charts.Lines("Stage 1: triplet loss on D1", "step", "loss", ("loss", Enumerable.Range(1, stage1Losses.Count).Select(i => (double)i).ToArray(), stage1Losses.ToArray()))"""),
md("""## 4 · Stage 2 live: MAML on D2 episodes
`MamlStage` wraps the network in `Maml` (learn2learn style: `learner = maml.Clone(); learner.Adapt(loss)`), with the
contrastive loss on 1-shot supports in the inner loop and the prototype loss on the query set in the outer loop.
The chart below is drawn when training starts and redrawn in place every second: the support loss before and after
the n inner steps (the inner loop lowers it within each episode) and the query loss after adaptation (the outer loss
that meta-training lowers over iterations)."""),
code("""var mamlOptions = new MamlOptions { Ways = 5, Shots = 1, Queries = 2, InnerSteps = 2, InnerLr = 0.1, OuterLr = 2e-3, MetaBatch = 2, MetaIterations = 15 };
var stage2 = new MamlStage(net, net.ForwardWith, mamlOptions);
var live = new MamlLiveChart("MAML (second order)", minSeconds: 3);
var mamlSteps = stage2.Train(new EpisodeSampler(split.D2, seed: 2), live.Add);
live.Redraw();
new { iterations = mamlSteps.Count, innerBeforeMean = mamlSteps.Average(s => s.InnerLossBefore), innerAfterMean = mamlSteps.Average(s => s.InnerLossAfter),
      outerFirst3 = mamlSteps.Take(3).Average(s => s.OuterLoss), outerLast3 = mamlSteps.TakeLast(3).Average(s => s.OuterLoss) }"""),
md("""## 5 · Second- versus first-order MAML
First-order MAML drops the second derivatives (the inner gradients are detached), so the outer gradient is simply the
query gradient at the adapted weights. `OrderComparison` runs both from the same stage-1 weights on the same episodes
and measures the time per meta-iteration (first iteration excluded as warm-up) and the peak memory."""),
code("""var runs = OrderComparison.Run(stage1Net, split.D2, mamlOptions with { MetaIterations = 6 }, seed: 3);
display(runs.Select(r => new { variant = r.Name, msPerIterationMedian = Math.Round(r.MedianSecondsPerIteration * 1000, 1),
    peakWorkingSetMiB = r.PeakWorkingSetBytes / 1048576, outerFirst = Math.Round(r.Steps[0].OuterLoss, 4), outerLast = Math.Round(r.Steps[^1].OuterLoss, 4) }).ToArray());
Charts.Lines("Outer (query) loss: second vs first order", "meta-iteration", "loss",
    runs.Select(r => (r.Name, (IReadOnlyList<double>)Enumerable.Range(1, r.Steps.Count).Select(i => (double)i).ToArray(), (IReadOnlyList<double>)r.Steps.Select(s => s.OuterLoss).ToArray())).ToArray())"""),
md("""Times are medians over the meta-iterations (the first excluded) and depend on the machine's load; on an idle
machine first-order MAML is faster, since it builds no graph through the inner gradients. The working set is the
process's peak so far, so the second entry cannot be lower than the first; the CLI
(`fewshot benchmark maml`) reports the same figures for larger settings and, on a GPU, the CUDA memory."""),
md("""## 6 · Step 230: repeat stages 1 and 2 until they agree
`FewShotPipeline` alternates stage 1 (on D1) and stage 2 (on D2). After each round it scores both models on the same
fixed held-out episodes (prototype accuracy after the inner-loop adaptation on each support set) and stops when the two
scores differ by at most the tolerance, or after `MaxRounds`. Each round is recorded as a `RoundRecord`."""),
code("""Seeding.Seed(4);
var pipelineNet = FewShotPipeline.Copy(stage1Net);
var pipeline = new FewShotPipeline(pipelineNet, new MetricStage(new MetricTrainingOptions { Steps = 15, LearningRate = 3e-3, Seed = 4 }),
    mamlOptions with { MetaIterations = 5 }, new PipelineOptions { MaxRounds = 3, Tolerance = 0.02, Stage1AlreadyDone = true, HeldOutEpisodes = 6, HeldOutShots = 1 });
var rounds = pipeline.Run(split);
display(rounds.Select(r => new { r.Round, stage1 = Math.Round(r.Stage1Score, 3), stage2 = Math.Round(r.Stage2Score, 3), gap = Math.Round(r.Gap, 3), r.Agreed }).ToArray());
var xs = rounds.Select(r => (double)r.Round).ToArray();
Charts.Lines("Agreement of stage 1 and stage 2 over rounds", "round", "held-out prototype accuracy",
    ("stage 1", xs, rounds.Select(r => r.Stage1Score).ToArray()), ("stage 2", xs, rounds.Select(r => r.Stage2Score).ToArray()), ("gap |1 − 2|", xs, rounds.Select(r => r.Gap).ToArray()))"""),
md("""## Running longer
Raise `MetaIterations` (e.g. 300), `Steps` of stage 1 (e.g. 500), `perClass` and the channels (e.g. `[32, 32, 32, 32]`)
for stronger models; `fewshot metatrain` does the same from the command line with a progress bar and prints the inner
and outer losses. The finite-difference test of the second-order gradient is `MamlTests.SecondOrderGradientMatchesFiniteDifferences`."""),
]
write(os.path.join(os.path.dirname(__file__), "..", "08-maml.ipynb"), cells)
