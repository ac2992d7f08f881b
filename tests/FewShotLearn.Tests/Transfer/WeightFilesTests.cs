namespace FewShotLearn.Tests.Transfer;

public class WeightFilesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fsl-weights-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("cnn.bin")]
    [InlineData("cnn.safetensors")]
    public void RoundTripRestoresEveryTensor(string file)
    {
        Seeding.Seed(5);
        using var a = TransferCnn.Create(1, 3, [4, 8], device: CPU);
        using (var _ = no_grad()) foreach (var (_, b) in a.named_buffers()) if (b.is_floating_point()) b.add_(0.25);   // make BN statistics non-default
        var path = Path.Combine(dir, file);
        WeightFiles.Save(a, path);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
        Seeding.Seed(6);
        using var b2 = TransferCnn.Create(1, 3, [4, 8], device: CPU);
        Assert.False(a.state_dict()["backbone.block1.conv.weight"].allclose(b2.state_dict()["backbone.block1.conv.weight"]));
        WeightFiles.Load(b2, path);
        foreach (var (name, t) in a.state_dict())
            Assert.True(t.allclose(b2.state_dict()[name]), name);
        var entries = WeightFiles.ReadEntries(path);
        Assert.Equal(new long[] { 8, 4, 3, 3 }, entries["backbone.block2.conv.weight"].Shape);
    }

    [Theory]
    [InlineData("cnn.bin")]
    [InlineData("cnn.safetensors")]
    public void MismatchListsNamesAndShapesAndLoadsNothing(string file)
    {
        Seeding.Seed(7);
        using var source = TransferCnn.Create(1, 3, [4, 8], device: CPU);
        var path = Path.Combine(dir, file);
        WeightFiles.Save(source, path);
        using var target = TransferCnn.Create(1, 3, [4, 16, 8], device: CPU);   // block2 wider, extra block3
        var before = target.state_dict()["backbone.block1.conv.weight"].clone();
        var e = Assert.Throws<WeightMismatchException>(() => WeightFiles.Load(target, path));
        Assert.Contains("backbone.block3.conv.weight", e.Missing);
        Assert.Contains(e.WrongShape, w => w.Name == "backbone.block2.conv.weight" && w.Expected.SequenceEqual(new long[] { 16, 4, 3, 3 }) && w.Found.SequenceEqual(new long[] { 8, 4, 3, 3 }));
        Assert.Contains("shape of backbone.block2.conv.weight: module [16, 4, 3, 3], file [8, 4, 3, 3]", e.Message);
        Assert.Contains("missing in file", e.Message);
        Assert.True(target.state_dict()["backbone.block1.conv.weight"].allclose(before, 0, 0), "nothing may be loaded on a mismatch");

        using var otherHead = TransferCnn.Create(1, 7, [4, 8], device: CPU);
        var e2 = Assert.Throws<WeightMismatchException>(() => WeightFiles.Load(otherHead, path));
        Assert.Equal(new[] { "head.bias", "head.weight" }, e2.WrongShape.Select(w => w.Name).Order());
        WeightFiles.Load(otherHead, path, skipPrefixes: ["head."]);   // the backbone alone transfers
        Assert.True(otherHead.state_dict()["backbone.block2.conv.weight"].allclose(source.state_dict()["backbone.block2.conv.weight"], 0, 0));
    }

    [Fact]
    public void PyTorchStyleStateDictLoadsIntoTorchVisionResNet()
    {
        Seeding.Seed(8);
        using var src = torchvision.models.resnet18(device: CPU);
        var path = Path.Combine(dir, "resnet18.safetensors");
        // What a user brings from Python: safetensors.torch.save_file(model.state_dict(), path) uses these same names.
        TorchSharp.PyBridge.Safetensors.SaveStateDict(path, src.state_dict());
        Assert.Contains("layer4.1.bn2.running_var", WeightFiles.ReadEntries(path).Keys);
        Seeding.Seed(9);
        using var dst = torchvision.models.resnet18(num_classes: 10, device: CPU);
        WeightFiles.Load(dst, path, skipPrefixes: ["fc."]);
        Assert.True(dst.state_dict()["layer3.0.conv1.weight"].allclose(src.state_dict()["layer3.0.conv1.weight"], 0, 0));
        Assert.False(File.Exists(Path.Combine(dir, "nope.safetensors")));
        Assert.Throws<FileNotFoundException>(() => WeightFiles.Load(dst, Path.Combine(dir, "nope.safetensors")));
    }

    [Fact]
    public void CorruptFilesAreReportedByName()
    {
        using var m = TransferCnn.Create(1, 3, [4, 8], device: CPU);
        var bin = Path.Combine(dir, "garbage.bin");
        File.WriteAllBytes(bin, [5, 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => WeightFiles.Load(m, bin));
        Assert.Contains("garbage.bin", e.Message);
        var st = Path.Combine(dir, "garbage.safetensors");
        File.WriteAllBytes(st, new byte[] { 255, 255, 255, 255, 255, 255, 255, 127, 0 });
        var e2 = Assert.Throws<InvalidDataException>(() => WeightFiles.Load(m, st));
        Assert.Contains("not a safetensors file", e2.Message);
    }
}
