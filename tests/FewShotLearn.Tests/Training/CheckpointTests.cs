namespace FewShotLearn.Tests.Training;

public class CheckpointTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fsl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static SmallCnn Model(int seed) { Seeding.Seed(seed); return new SmallCnn(channels: new[] { 3 }, hidden: 8); }

    [Fact]
    public void RoundTripRestoresWeightsAndHeader()
    {
        var path = Path.Combine(dir, "cnn.ckpt");
        using var a = Model(1);
        using var b = Model(2);
        using var x = rand(2, 1, 28, 28);
        a.eval(); b.eval();
        Assert.False(a.call(x).allclose(b.call(x)));
        Checkpoint.Save(path, a, new CheckpointHeader { Epoch = 3, TestAccuracy = 0.9, Config = new() { ["channels"] = "3" } });
        var header = Checkpoint.Load(path, b);
        Assert.Equal((2, "SmallCnn", 3, 0.9, "3"), (header.FormatVersion, header.Model, header.Epoch, header.TestAccuracy!.Value, header.Config["channels"]));
        Assert.True(a.call(x).allclose(b.call(x)));
        Assert.Equal(3, Checkpoint.ReadHeader(path).Epoch);
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void FailedWriteLeavesThePreviousCheckpointAndNoTempFile()
    {
        var path = Path.Combine(dir, "cnn.ckpt");
        using var model = Model(1);
        Checkpoint.Save(path, model, new CheckpointHeader { Epoch = 1 });
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => Checkpoint.Save(path, new CheckpointHeader { Model = "SmallCnn", Epoch = 2 }, w =>
        {
            w.Write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir));
    }

    [Fact]
    public void WrongFilesAreRejectedClearly()
    {
        var junk = Path.Combine(dir, "junk.ckpt");
        File.WriteAllText(junk, "hello");
        using var model = Model(1);
        Assert.Contains("not a FewShotLearn checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(junk, model)).Message);
        var future = Path.Combine(dir, "future.ckpt");
        Checkpoint.Save(future, new CheckpointHeader { Model = "SmallCnn", FormatVersion = 99 }, _ => { });
        Assert.Contains("format version 99", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(future, model)).Message);
        var other = Path.Combine(dir, "other.ckpt");
        using (var bigger = new SmallCnn(channels: new[] { 5 }, hidden: 8)) Checkpoint.Save(other, bigger, new CheckpointHeader());
        Assert.Contains("does not fit", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, model)).Message);
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(Path.Combine(dir, "missing.ckpt"), model));
    }

    [Fact]
    public void CallbackSavesOnlyImprovements()
    {
        var path = Path.Combine(dir, "best.ckpt");
        using var train = TrainerTests.Separable(64, 1);
        using var test = TrainerTests.Separable(32, 2);
        Seeding.Seed(3);
        using var model = new SmallCnn(classes: 2, imageSize: 16, channels: new[] { 4 }, hidden: 8, dropout: 0);
        var cb = new CheckpointCallback(path);
        var history = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 16, LearningRate = 5e-3, Device = CPU }).With(cb).Fit(model, train, test);
        var bestEpoch = history.Epochs.OrderByDescending(e => e.TestAccuracy).ThenBy(e => e.Epoch).First().Epoch;
        Assert.Equal(bestEpoch, Checkpoint.ReadHeader(path).Epoch);
        Assert.Equal(bestEpoch, cb.SavedEpoch);
    }
}
