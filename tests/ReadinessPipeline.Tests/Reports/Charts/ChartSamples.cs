using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Tests.Reports.Charts;

/// <summary>Realistic chart inputs: the ten dimensions of the CCE framework by their short names.</summary>
internal static class ChartSamples
{
    public static readonly string[] Dimensions =
    [
        "Competency-based", "Flexible", "Student-driven", "Dispositions", "Authentic",
        "Leadership", "Professional learning", "Autonomies", "Technology", "Family & community",
    ];

    public static RadarData Radar(double?[] school, double?[]? network = null) => new(
        "Alder Brook High School",
        "Staff readiness, spring 2026 · 1 = low, 5 = high",
        Dimensions.Select((d, i) => new RadarAxis(d, school[i], (network ?? NetworkMedian)[i])).ToList());

    public static readonly double?[] NetworkMedian = [3.1, 2.8, 3.0, 3.6, 2.9, 3.4, 3.2, 2.5, 3.5, 3.0];

    public static readonly double?[] School = [3.6, 2.4, 3.3, 4.1, 2.7, 3.9, 3.8, 2.2, 3.1, null];

    private static readonly string[] SchoolNames =
    [
        "Alder Brook High School", "Dr. Evelyn Hartwell Community K-8 School", "Riverbend Arts Academy",
        "Millbrook Community Charter Public School", "Cedar Hill Renaissance School", "Stonebridge Technical High School",
        "Harbor View High School", "Eastfield Public Schools Innovation Academy, Upper Campus", "Maple Ridge STEM Academy",
        "North Falls Resiliency Preparatory Academy", "Westport Global Learning", "Lakeside High School Humanities & Leadership",
        "Pine Grove Champion High School", "Ferryway Crossing School", "Oakdale Next Wave Junior High",
    ];

    /// <summary>
    /// A network of <paramref name="rows"/> schools with means spread over the whole scale, from a fixed seed so the
    /// image is the same every run; every seventh cell is suppressed.
    /// </summary>
    public static HeatmapData Heatmap(int rows)
    {
        var random = new Random(20260315);
        var schools = Enumerable.Range(0, rows).Select(r =>
        {
            var name = r < SchoolNames.Length ? SchoolNames[r] : $"{SchoolNames[r % SchoolNames.Length]} ({r / SchoolNames.Length + 1})";
            var values = Enumerable.Range(0, Dimensions.Length)
                .Select(c => (r * Dimensions.Length + c) % 7 == 3 ? (double?)null : Math.Round(1 + (4 * random.NextDouble()), 1))
                .ToList();
            return new HeatmapRow(name, values);
        }).ToList();
        return new HeatmapData("Riverbend Personalized Learning Network", "Staff readiness, spring 2026 · school means", Dimensions, schools);
    }

    public static StackedBarData StackedBars() => new(
        "Alder Brook High School",
        "Staff readiness, spring 2026 · share of answers",
        [
            new(Dimensions[0], new(58, 24, 18)),
            new(Dimensions[1], new(31, 29, 40)),
            new(Dimensions[2], new(47, 33, 20)),
            new(Dimensions[3], new(72, 18, 10)),
            new(Dimensions[4], new(36, 30, 34)),
            new(Dimensions[5], new(66, 21, 13)),
            new(Dimensions[6], new(61, 25, 14)),
            new(Dimensions[7], new(22, 26, 52)),
            new(Dimensions[8], new(44, 52, 4)),
            new(Dimensions[9], null),
        ]);
}
