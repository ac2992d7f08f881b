namespace FewShotLearn.Cli.Commands;

/// <summary><c>fewshot gcn</c>: karate-club node classification and graph-family classification with graph convolutions.</summary>
public static class GcnCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var seed = CommonOptions.Seed("Seed of weights and generated graphs.");
        var labelled = new Option<int[]>("--labelled") { Description = "Karate-club members whose faction is given.", DefaultValueFactory = _ => [0, 1, 32, 33], AllowMultipleArgumentsPerToken = true }.EachInRange(0, 33);
        var perFamily = new Option<int>("--per-family") { Description = "Generated graphs per family.", DefaultValueFactory = _ => 60 }.InRange(1, 100_000);
        var epochs = new Option<int>("--epochs") { Description = "Graph-classification epochs.", DefaultValueFactory = _ => 30 }.InRange(1, 100_000);
        var device = CommonOptions.Device();
        var cmd = new Command("gcn", "Graph convolution: karate-club faction prediction from a few labels, and graph-family classification per readout.")
            { seed, labelled, perFamily, epochs, device };
        cmd.SetAction(parse =>
        {
            var s = parse.GetValue(seed);
            var dev = Devices.Parse(parse.GetValue(device));
            var club = KarateClub.Graph();
            var lab = parse.GetValue(labelled)!;
            if (lab.Any(i => i < 0 || i >= 34)) throw new ArgumentException("Karate-club members are numbered 0..33.");
            Seeding.Seed(s);
            using var model = new GcnNodeClassifier(34, 2).to(dev);
            var r = GcnTraining.TrainNodes(model, GcnPropagation.Dense(club, dev), club.FeatureMatrix(dev), KarateClub.Factions, lab);
            AnsiConsole.MarkupLineInterpolated($"karate club: {lab.Length} labelled members, accuracy on the other {34 - lab.Distinct().Count()}: [bold]{r.FinalTestAccuracy:F3}[/]");

            var data = GraphFamilies.Generate(parse.GetValue(perFamily), seed: s);
            var cut = data.Count * 2 / 3;
            var table = new Table().AddColumns("readout", "train acc", "test acc", "graphs (train/test)");
            foreach (var kind in new[] { ReadoutKind.Mean, ReadoutKind.Sum, ReadoutKind.Max })
            {
                Seeding.Seed(s);
                using var m = new GcnGraphClassifier(9, GraphFamilies.Names.Count, readout: kind);
                var g = GcnTraining.TrainGraphs(m, data.Take(cut).ToList(), data.Skip(cut).ToList(), parse.GetValue(epochs), seed: s, device: dev);
                table.AddRow(kind.ToString(), g.TrainAccuracy[^1].ToString("F3"), g.FinalTestAccuracy.ToString("F3"), $"{cut}/{data.Count - cut}");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }
}
