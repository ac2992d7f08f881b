namespace FewShotLearn.Graphs;

/// <summary>
/// Zachary's karate club: 34 members, 78 friendships, and the two factions the club split into
/// (W. W. Zachary, "An Information Flow Model for Conflict and Fission in Small Groups", Journal of Anthropological
/// Research 33(4), 1977, pp. 452-473). Edge list and factions as distributed with NetworkX (karate_club_graph,
/// node attribute "club"), 0-based node numbers.
/// </summary>
public static class KarateClub
{
    /// <summary>Faction names: index 0 followed the instructor ("Mr. Hi", node 0), index 1 the administrator ("Officer", node 33).</summary>
    public static IReadOnlyList<string> FactionNames { get; } = ["Mr. Hi", "Officer"];

    private static readonly int[][] Neighbours =
    [
        /* 0 */ [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31],
        /* 1 */ [2, 3, 7, 13, 17, 19, 21, 30],
        /* 2 */ [3, 7, 8, 9, 13, 27, 28, 32],
        /* 3 */ [7, 12, 13],
        /* 4 */ [6, 10],
        /* 5 */ [6, 10, 16],
        /* 6 */ [16],
        /* 7 */ [],
        /* 8 */ [30, 32, 33],
        /* 9 */ [33],
        /* 10 */ [], /* 11 */ [], /* 12 */ [],
        /* 13 */ [33],
        /* 14 */ [32, 33],
        /* 15 */ [32, 33],
        /* 16 */ [], /* 17 */ [],
        /* 18 */ [32, 33],
        /* 19 */ [33],
        /* 20 */ [32, 33],
        /* 21 */ [],
        /* 22 */ [32, 33],
        /* 23 */ [25, 27, 29, 32, 33],
        /* 24 */ [25, 27, 31],
        /* 25 */ [31],
        /* 26 */ [29, 33],
        /* 27 */ [33],
        /* 28 */ [31, 33],
        /* 29 */ [32, 33],
        /* 30 */ [32, 33],
        /* 31 */ [32, 33],
        /* 32 */ [33],
        /* 33 */ [],
    ];

    private static readonly int[] MrHi = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21];

    /// <summary>The 78 undirected edges (i &lt; j).</summary>
    public static IReadOnlyList<(int From, int To)> Edges { get; } =
        Neighbours.SelectMany((ns, i) => ns.Select(j => (i, j))).ToArray();

    /// <summary>The faction of each of the 34 members (0 = Mr. Hi, 1 = Officer).</summary>
    public static long[] Factions { get; } = Enumerable.Range(0, 34).Select(i => MrHi.Contains(i) ? 0L : 1L).ToArray();

    /// <summary>The club as an undirected graph without node features (so the identity is used).</summary>
    public static Graph Graph() => new(34, Edges, directed: false, name: "Zachary's karate club");
}
