using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FewShotLearn.Tests.Data;

public class ImageFolderTests
{
    private static void Png(string path, int w, int h, Rgb24 color)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(w, h, color);
        image[0, 0] = new Rgb24(255, 255, 255);
        image.SaveAsPng(path);
    }

    [Fact]
    public void LoadsClassesFromSubFolders()
    {
        using var dir = new TempDir();
        Png(dir["red/a.png"], 6, 4, new Rgb24(255, 0, 0));
        Png(dir["red/b.png"], 6, 4, new Rgb24(255, 0, 0));
        Png(dir["blue/a.png"], 6, 4, new Rgb24(0, 0, 255));
        File.WriteAllText(dir["blue/notes.txt"], "not an image");
        using var set = ImageFolder.Load(dir.Path, device: CPU);
        Assert.Equal(new long[] { 3, 3, 4, 6 }, set.Images.shape);
        Assert.Equal(new[] { "blue", "red" }, set.ClassNames);
        Assert.Equal(new long[] { 0, 1, 1 }, set.Labels);
        Assert.Equal(1f, set.Images[0, 2, 1, 1].item<float>());   // blue channel of a blue image
        Assert.Equal(0f, set.Images[0, 0, 1, 1].item<float>());
        Assert.Equal(1f, set.Images[1, 0, 1, 1].item<float>());   // red channel of a red image
        Assert.Equal(1f, set.Images[1, 1, 0, 0].item<float>());   // the white corner

        using var gray = ImageFolder.Load(dir.Path, size: 8, grayscale: true, device: CPU);
        Assert.Equal(new long[] { 3, 1, 8, 8 }, gray.Images.shape);
        var center = gray.Images[1, 0, 4, 4].item<float>();
        Assert.InRange(center, 0.2f, 0.35f);                      // luminance of pure red
    }

    [Fact]
    public void DifferentSizesWithoutSizeIsAnErrorNamingTheFileAndFix()
    {
        using var dir = new TempDir();
        Png(dir["a/1.png"], 6, 4, new Rgb24(10, 10, 10));
        Png(dir["b/2.png"], 5, 5, new Rgb24(10, 10, 10));
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(dir.Path, device: CPU));
        Assert.Contains("2.png", e.Message);
        Assert.Contains("5x5", e.Message);
        Assert.Contains("size:", e.Message);
        using var resized = ImageFolder.Load(dir.Path, size: 7, device: CPU);
        Assert.Equal(new long[] { 2, 3, 7, 7 }, resized.Images.shape);
    }

    [Fact]
    public void EmptyOrMissingFolderIsAnError()
    {
        using var dir = new TempDir();
        Assert.Contains("no images", Assert.Throws<InvalidDataException>(() => ImageFolder.Load(dir.Path)).Message);
        Directory.CreateDirectory(dir["empty-class"]);
        Png(dir["full/1.png"], 3, 3, new Rgb24(1, 2, 3));
        Assert.Contains("empty-class", Assert.Throws<InvalidDataException>(() => ImageFolder.Load(dir.Path)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(dir["nope"]));
    }
}
