using System.Diagnostics;

namespace FewShotLearn.Transfer;

/// <summary>Measured cost of training: seconds per optimizer step, extrapolated to a whole epoch.</summary>
public sealed record TrainingCostRow(string Model, [property: Column("Input (C×H×W)")] string Input, int Batch,
    [property: Column("Time per image", Unit = "ms", Scale = 1000, Format = "0.00")] double SecondsPerImage,
    [property: Column("Images per epoch")] long EpochImages, [property: Column("Time per epoch", Unit = "h", Format = "0.00")] double HoursPerEpoch);

/// <summary>Times real forward/backward/update steps of a model to show what training from scratch costs.</summary>
public static class TrainingCost
{
    /// <summary>
    /// Runs <paramref name="steps"/> SGD steps (after one warm-up) on random images [batch, C, H, W] and random labels,
    /// and extrapolates the time per image to an epoch of <paramref name="epochImages"/> images.
    /// </summary>
    public static TrainingCostRow Measure(string name, nn.Module<Tensor, Tensor> model, long[] imageShape, int classes, int batch, long epochImages, int steps = 2, Device? device = null)
    {
        var dev = device ?? CPU;
        model.to(dev).train();
        using var opt = optim.SGD(model.parameters(), 0.01);
        var sw = new Stopwatch();
        for (var s = 0; s <= steps; s++)
        {
            using var scope = NewDisposeScope();
            var x = rand(new long[] { batch }.Concat(imageShape).ToArray(), device: dev);
            var y = randint(0, classes, new long[] { batch }, device: dev);
            if (s == 1) sw.Start();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
            loss.item<float>();
        }
        sw.Stop();
        var perImage = sw.Elapsed.TotalSeconds / (steps * batch);
        return new TrainingCostRow(name, string.Join("×", imageShape), batch, perImage, epochImages, perImage * epochImages / 3600);
    }
}
