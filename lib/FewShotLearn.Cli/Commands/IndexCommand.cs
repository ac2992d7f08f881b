namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot index</c>: embeds an image database with a model checkpoint and writes a retrieval index file.</summary>
public static class IndexCommand
{
    /// <summary>Largest --image-size: embedding a batch of 256 images of 256 x 256 through 64-channel blocks already takes ~4 GiB.</summary>
    public const int MaxImageSize = 256;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Database images: a folder of class sub-folders, glyphs[:train|test], glyphs-novel[:test] or mnist/fashion-mnist[:train|test].", Required = true }.NotEmpty();
        var model = new Option<string>("--model") { Description = "EmbeddingNet checkpoint (EmbeddingNet.Save / fewshot metric-train).", Required = true }.NotEmpty();
        var output = new Option<string>("--out") { Description = "Index file to write.", DefaultValueFactory = _ => "index.fsi" }.OutputFile();
        var batch = new Option<int>("--batch-size") { Description = "Images embedded per batch.", DefaultValueFactory = _ => 256 }.InRange(1, 65_536);
        var device = CommonOptions.Device();
        var size = new Option<int>("--image-size") { Description = "Side length folder images are resized to.", DefaultValueFactory = _ => 28 }.InRange(1, MaxImageSize);
        var cmd = new Command("index", "Embed a database of images and write a retrieval index (versioned, tied to the model's fingerprint).") { data, model, output, batch, device, size };
        cmd.SetAction(parse =>
        {
            var dev = Devices.Parse(parse.GetValue(device));
            using var net = EmbeddingNet.Load(parse.GetValue(model)!, dev);
            var spec = parse.GetValue(data)!;
            var (images, paths) = DataSpec.Load(spec, dev, net.Config.InChannels, parse.GetValue(size));
            using (images)
            {
                if (images.Channels != net.Config.InChannels)
                    throw new ArgumentException($"'{spec}' has {images.Channels}-channel images but the model expects {net.Config.InChannels}.");
                using var index = AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("embedding", maxValue: images.Count);
                    return Embedder.BuildIndex(net, images, paths,
                        new Dictionary<string, string> { ["dataSpec"] = Directory.Exists(spec) ? Path.GetFullPath(spec) : spec },
                        parse.GetValue(batch), dev, (done, _) => task.Value = done);
                });
                var outPath = parse.GetValue(output)!;
                index.Save(outPath);
                AnsiConsole.MarkupLineInterpolated($"Wrote [green]{outPath}[/]: {index.Count} images x {index.Dimension} dims, {index.ClassNames.Length} classes, model {index.Fingerprint}.");
            }
            return 0;
        });
        return cmd;
    }
}
