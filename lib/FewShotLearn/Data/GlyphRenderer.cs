namespace FewShotLearn.Data;

/// <summary>
/// Draws one random instance of a <see cref="GlyphPattern"/> into a grayscale float image: random rotation,
/// scale, shift, per-vertex jitter and stroke width, anti-aliased by distance to each segment, plus noise.
/// </summary>
internal static class GlyphRenderer
{
    /// <summary>Pose and noise ranges; chosen so classes stay distinct while samples vary visibly.</summary>
    internal const double MaxRotationDegrees = 20, MinScale = 0.8, MaxScale = 1.1, MaxShift = 0.1,
        Jitter = 0.06, MinHalfWidth = 0.55, MaxHalfWidth = 1.1, NoiseStd = 0.05;

    public static void Render(GlyphPattern pattern, int size, StableRandom rng, Span<float> image)
    {
        image.Clear();
        var angle = rng.Uniform(-MaxRotationDegrees, MaxRotationDegrees) * Math.PI / 180;
        var scale = rng.Uniform(MinScale, MaxScale);
        double tx = rng.Uniform(-MaxShift, MaxShift), ty = rng.Uniform(-MaxShift, MaxShift);
        var halfWidth = rng.Uniform(MinHalfWidth, MaxHalfWidth) * size / 28.0;
        double cos = Math.Cos(angle) * scale, sin = Math.Sin(angle) * scale;
        var center = (size - 1) / 2.0;
        var radius = size * 0.4;

        // Jitter each distinct vertex once so connected strokes stay connected, then pose it.
        var vertices = pattern.Vertices;
        Span<(double X, double Y)> mapped = vertices.Length <= 256 ? stackalloc (double, double)[vertices.Length] : new (double, double)[vertices.Length];
        for (var v = 0; v < vertices.Length; v++)
        {
            var x = vertices[v].X + rng.Uniform(-Jitter, Jitter);
            var y = vertices[v].Y + rng.Uniform(-Jitter, Jitter);
            mapped[v] = (center + radius * (cos * x - sin * y + tx), center + radius * (sin * x + cos * y + ty));
        }
        foreach (var (ia, ib) in pattern.SegmentVertices)
            DrawSegment(image, size, mapped[ia].X, mapped[ia].Y, mapped[ib].X, mapped[ib].Y, halfWidth);

        for (var i = 0; i < image.Length; i += 2)
        {
            // Box-Muller: one pair of uniforms gives two independent normals.
            var r = NoiseStd * Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
            var (sn, cs) = Math.SinCos(2 * Math.PI * rng.NextDouble());
            image[i] = Math.Clamp(image[i] + (float)(r * cs), 0f, 1f);
            if (i + 1 < image.Length) image[i + 1] = Math.Clamp(image[i + 1] + (float)(r * sn), 0f, 1f);
        }
    }

    /// <summary>Max-blends an anti-aliased thick segment: intensity = clamp(halfWidth + 0.5 - distance, 0, 1).</summary>
    private static void DrawSegment(Span<float> image, int size, double ax, double ay, double bx, double by, double halfWidth)
    {
        var reach = halfWidth + 1;
        var xMin = Math.Max(0, (int)Math.Floor(Math.Min(ax, bx) - reach));
        var xMax = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ax, bx) + reach));
        var yMin = Math.Max(0, (int)Math.Floor(Math.Min(ay, by) - reach));
        var yMax = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ay, by) + reach));
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        for (var y = yMin; y <= yMax; y++)
        for (var x = xMin; x <= xMax; x++)
        {
            var t = len2 > 1e-12 ? Math.Clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;
            double px = ax + t * dx - x, py = ay + t * dy - y;
            var v = (float)Math.Clamp(halfWidth + 0.5 - Math.Sqrt(px * px + py * py), 0, 1);
            ref var pixel = ref image[y * size + x];
            if (v > pixel) pixel = v;
        }
    }
}
