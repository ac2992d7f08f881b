namespace FewShotLearn.Data;

/// <summary>
/// The shape of one glyph class: a set of line segments in the square [-1, 1]², built from strokes
/// (polylines, arcs and polygons) chosen by the class index's own random stream.
/// </summary>
public sealed class GlyphPattern
{
    private GlyphPattern(int classIndex, IReadOnlyList<(double X0, double Y0, double X1, double Y1)> segments)
    {
        ClassIndex = classIndex;
        Segments = segments;
        var ids = new Dictionary<(double, double), int>();
        int Id(double x, double y)
        {
            if (!ids.TryGetValue((x, y), out var id)) ids[(x, y)] = id = ids.Count;
            return id;
        }
        SegmentVertices = segments.Select(s => (Id(s.X0, s.Y0), Id(s.X1, s.Y1))).ToArray();
        Vertices = ids.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
    }

    /// <summary>The distinct end points of the segments (shared by connected strokes).</summary>
    internal (double X, double Y)[] Vertices { get; }

    /// <summary>Each segment as a pair of indices into <see cref="Vertices"/>.</summary>
    internal (int A, int B)[] SegmentVertices { get; }

    /// <summary>The class index the pattern was derived from.</summary>
    public int ClassIndex { get; }

    /// <summary>The segments of the pattern, in the unit square [-1, 1]².</summary>
    public IReadOnlyList<(double X0, double Y0, double X1, double Y1)> Segments { get; }

    /// <summary>Centres the segments' bounding box and scales its longer side to span [-0.85, 0.85] (at most 2.5x).</summary>
    private static List<(double, double, double, double)> Normalize(List<(double X0, double Y0, double X1, double Y1)> segments)
    {
        var xs = segments.SelectMany(s => new[] { s.X0, s.X1 }).ToArray();
        var ys = segments.SelectMany(s => new[] { s.Y0, s.Y1 }).ToArray();
        double cx = (xs.Min() + xs.Max()) / 2, cy = (ys.Min() + ys.Max()) / 2;
        var half = Math.Max(xs.Max() - xs.Min(), ys.Max() - ys.Min()) / 2;
        var k = Math.Min(2.5, 0.85 / Math.Max(half, 1e-6));
        return segments.Select(s => ((s.X0 - cx) * k, (s.Y0 - cy) * k, (s.X1 - cx) * k, (s.Y1 - cy) * k)).ToList();
    }

    /// <summary>The pattern of a class: the same index always gives the same shape.</summary>
    public static GlyphPattern ForClass(int classIndex)
    {
        if (classIndex < 0) throw new ArgumentOutOfRangeException(nameof(classIndex), "Class index must be >= 0.");
        var rng = new StableRandom(0x476C797068L, classIndex);
        var segments = new List<(double, double, double, double)>();
        var strokes = rng.NextInt(2, 4);
        for (var s = 0; s < strokes; s++)
        {
            var points = new List<(double X, double Y)>();
            switch (rng.NextInt(3))
            {
                case 0: // open polyline
                    var n = rng.NextInt(2, 4);
                    for (var i = 0; i < n; i++) points.Add((rng.Uniform(-0.85, 0.85), rng.Uniform(-0.85, 0.85)));
                    break;
                case 1: // circular arc
                {
                    double cx = rng.Uniform(-0.35, 0.35), cy = rng.Uniform(-0.35, 0.35), r = rng.Uniform(0.25, 0.6);
                    double a0 = rng.Uniform(0, 2 * Math.PI), sweep = rng.Uniform(0.5, 1.7) * Math.PI;
                    const int steps = 10;
                    for (var i = 0; i <= steps; i++)
                    {
                        var a = a0 + sweep * i / steps;
                        points.Add((cx + r * Math.Cos(a), cy + r * Math.Sin(a)));
                    }
                    break;
                }
                default: // closed polygon
                {
                    double cx = rng.Uniform(-0.35, 0.35), cy = rng.Uniform(-0.35, 0.35), r = rng.Uniform(0.25, 0.55);
                    var k = rng.NextInt(3, 5);
                    var a0 = rng.Uniform(0, 2 * Math.PI);
                    for (var i = 0; i <= k; i++)
                    {
                        var a = a0 + 2 * Math.PI * (i % k) / k;
                        points.Add((cx + r * Math.Cos(a), cy + r * Math.Sin(a)));
                    }
                    break;
                }
            }
            for (var i = 0; i + 1 < points.Count; i++)
                segments.Add((points[i].X, points[i].Y, points[i + 1].X, points[i + 1].Y));
        }
        return new GlyphPattern(classIndex, Normalize(segments));
    }
}
