using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FewShotLearn.Tests.Data;

public class ImageDecoderTests
{
    static void Save(Image image, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        image.SaveAsPng(path);
    }

    [Fact]
    public void FolderQueryFileAndBytesDecodeGrayAlikeByBt601()
    {
        using var dir = new TempDir();
        using (var red = new Image<Rgb24>(2, 2, new Rgb24(255, 0, 0))) Save(red, dir["c/red.png"]);
        using (var other = new Image<Rgb24>(2, 2, new Rgb24(0, 255, 0))) Save(other, dir["d/green.png"]);
        var (set, paths) = ImageFolder.LoadWithPaths(dir.Path, grayscale: true, device: CPU);
        using (set)
        {
            using var file = ImageIO.Load(dir["c/red.png"], ColorMode.Gray, device: CPU);
            using var bytes = ImageIO.FromBytes(File.ReadAllBytes(dir["c/red.png"]), ColorMode.Gray, device: CPU);
            Assert.Equal(0.299f, set.Images[0, 0, 0, 0].item<float>(), 1e-6f);   // one rule: BT.601 luma of pure red
            Assert.Equal(0.587f, set.Images[1, 0, 0, 0].item<float>(), 1e-6f);
            Assert.Equal(set.Images[0, 0, 0, 0].item<float>(), file[0, 0, 0, 0].item<float>());
            Assert.Equal(set.Images[0, 0, 0, 0].item<float>(), bytes[0, 0, 0, 0].item<float>());
            Assert.Equal(new[] { Path.GetFullPath(dir["c/red.png"]), Path.GetFullPath(dir["d/green.png"]) }, paths);   // the paths it read, in image order
        }
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        using var dir = new TempDir();
        using (var image = new Image<Rgb24>(4, 2, new Rgb24(0, 0, 0)))
        {
            image[0, 0] = new Rgb24(255, 255, 255);                    // top-left of the stored pixels
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);   // "rotate 90 degrees clockwise to view"
            Save(image, dir["rotated.png"]);
        }
        var decoded = ImageDecoder.Decode(dir["rotated.png"], 1);
        Assert.Equal((2, 4), (decoded.Width, decoded.Height));            // shown upright: 2 wide, 4 high
        Assert.Equal(1f, decoded.Pixels[0 * 2 + 1], 1e-6f);               // the stored top-left is now the top-right
    }

    [Fact]
    public void AlphaIsCompositedOnBlack()
    {
        using var dir = new TempDir();
        using (var image = new Image<Rgba32>(3, 1))
        {
            image[0, 0] = new Rgba32(255, 255, 255, 0);     // transparent white
            image[1, 0] = new Rgba32(255, 255, 255, 255);   // opaque white
            image[2, 0] = new Rgba32(200, 100, 50, 51);     // 20 % opaque
            Save(image, dir["alpha.png"]);
        }
        var rgb = ImageDecoder.Decode(dir["alpha.png"], 3);
        Assert.Equal(0f, rgb.Pixels[0]);
        Assert.Equal(1f, rgb.Pixels[1], 1e-6f);
        Assert.Equal(200 / 255f * 0.2f, rgb.Pixels[2], 1e-6f);
        Assert.Equal(0f, ImageDecoder.Decode(dir["alpha.png"], 1).Pixels[0]);
    }

    /// <summary>A valid PNG header (signature, IHDR, IEND) claiming <paramref name="side"/> x <paramref name="side"/> pixels with no pixel data.</summary>
    static byte[] PngHeaderOnly(int side)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var chunk = new byte[12 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            data.CopyTo(chunk, 8);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
            return chunk;
        }
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; ihdr[9] = 2;   // 8-bit RGB
        return [137, 80, 78, 71, 13, 10, 26, 10, .. Chunk("IHDR", ihdr), .. Chunk("IEND", [])];
    }

    static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void AnImageOverThePixelCapIsRefusedFromItsHeaderNamingTheFix()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["huge"]);
        File.WriteAllBytes(dir["huge/60000.png"], PngHeaderOnly(60000));   // 3.6 billion pixels claimed, 45 bytes on disk
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(dir.Path, size: 28, device: CPU));
        Assert.Contains("60000 x 60000", e.Message);
        Assert.Contains(ImageDecoder.MaxPixelsVariable, e.Message);
        Assert.Throws<InvalidDataException>(() => ImageIO.Load(dir["huge/60000.png"], device: CPU));
    }

    [Fact]
    public void ThePixelCapIsOverridable()
    {
        using var dir = new TempDir();
        using (var image = new Image<Rgb24>(100, 100)) Save(image, dir["100.png"]);
        var previous = Environment.GetEnvironmentVariable(ImageDecoder.MaxPixelsVariable);
        try
        {
            Environment.SetEnvironmentVariable(ImageDecoder.MaxPixelsVariable, "9999");
            Assert.Contains("10,000 pixels", Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(dir["100.png"], 1)).Message);
            Environment.SetEnvironmentVariable(ImageDecoder.MaxPixelsVariable, "10000");
            Assert.Equal(100, ImageDecoder.Decode(dir["100.png"], 1).Width);
        }
        finally { Environment.SetEnvironmentVariable(ImageDecoder.MaxPixelsVariable, previous); }
    }
}
