namespace FewShotLearn.Tests.Vision;

public class ImageIOTests
{
    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FewShotLearn.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    [Fact]
    public void PngRoundTripIsExactFor8BitValues()
    {
        using var original = randint(0, 256, new long[] { 1, 3, 5, 7 }).to_type(float32).div(255);
        var png = ImageIO.ToPng(original);
        using var back = ImageIO.FromBytes(png, ColorMode.Rgb, device: CPU);
        Assert.Equal(original.shape, back.shape);
        Assert.True(back.allclose(original, atol: 1e-6));
    }

    [Fact]
    public void SamplePhotosLoadInGrayAndRgbWithResize()
    {
        using var rgb = ImageIO.Load(RepoFile("data/samples/chelsea.png"), ColorMode.Rgb, device: CPU);
        Assert.Equal(new long[] { 1, 3, 170, 256 }, rgb.shape);
        Assert.InRange(rgb.min().item<float>(), 0f, 1f);
        Assert.InRange(rgb.max().item<float>(), 0f, 1f);
        using var gray = ImageIO.Load(RepoFile("data/samples/camera.png"), ColorMode.Gray, width: 64, device: CPU);
        Assert.Equal(new long[] { 1, 1, 64, 64 }, gray.shape);
        Assert.True(gray.std().item<float>() > 0.1f, "a photo is not flat");
        Assert.Throws<FileNotFoundException>(() => ImageIO.Load("no/such/photo.png"));
    }

    [Fact]
    public void GridTilesImagesAndCaptionsThem()
    {
        var images = Enumerable.Range(0, 5).Select(i => full(new long[] { 1, 8, 8 }, i / 4.0f)).ToArray();
        using var grid = ImageGrid.Compose(images, columns: 3, cellSize: 16, gap: 2);
        Assert.Equal(3 * 16 + 4 * 2, grid.Width);
        Assert.Equal(2 * 16 + 3 * 2, grid.Height);
        var html = ImageGrid.ToHtml(images, images.Select((_, i) => $"map {i}").ToArray(), columns: 3).Html;
        Assert.Equal(5, html.Split("<img").Length - 1);
        Assert.Contains("map 4", html);
        Assert.Throws<ArgumentException>(() => ImageGrid.ToHtml(images, new[] { "one" }));
    }
}
