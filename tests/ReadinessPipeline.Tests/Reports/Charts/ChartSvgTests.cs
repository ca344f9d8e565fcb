using System.Globalization;
using System.Xml.Linq;
using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Tests.Reports.Charts;

/// <summary>The report pages' charts: the same drawings as the email's PNGs, written as inline SVG.</summary>
public class ChartSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Charts => ["radar", "bars", "heatmap", "trend"];

    internal static string Draw(string chart, string label = "A chart", string id = "c") => chart switch
    {
        "radar" => RadarChart.Svg(ChartSamples.Radar(ChartSamples.School), label, id),
        "bars" => StackedBarChart.Svg(ChartSamples.StackedBars(), label, id),
        "heatmap" => HeatmapChart.Svg(ChartSamples.Heatmap(12), label, id),
        _ => TrendChart.Svg(Trend(), label, id),
    };

    internal static byte[] PngOf(string chart) => chart switch
    {
        "radar" => RadarChart.Render(ChartSamples.Radar(ChartSamples.School)),
        "bars" => StackedBarChart.Render(ChartSamples.StackedBars()),
        "heatmap" => HeatmapChart.Render(ChartSamples.Heatmap(12)),
        _ => TrendChart.Render(Trend()),
    };

    internal static TrendChartData Trend() => new("Staff means by survey", ["Fall 2025", "Spring 2026", "Fall 2026"],
        [new("Leadership", [2.9, 3.2, 3.8], true), new("Technology", [3.1, null, 3.0], false), new("Flexible", [2.0, 2.4, 2.5], false)],
        "Changed beyond the margin of error", "Within the margin of error");

    [Theory]
    [MemberData(nameof(Charts))]
    public void Each_chart_is_one_well_formed_image_the_size_of_its_png_announced_by_its_label(string chart)
    {
        var root = XElement.Parse(Draw(chart, label: "Staff means <by> school & dimension"));

        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("Staff means <by> school & dimension", (string?)root.Attribute("aria-label"));
        var (width, height) = Png.Size(PngOf(chart));
        Assert.Equal((width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture)), ((string?)root.Attribute("width"), (string?)root.Attribute("height")));
        Assert.Equal($"0 0 {width} {height}", (string?)root.Attribute("viewBox"));
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "script" or "foreignObject" or "image" or "style");
        Assert.DoesNotContain(root.DescendantsAndSelf().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public void Segments_are_as_long_as_their_share_in_the_svg_too()
    {
        var data = new StackedBarData("School", null, [new("A", new(60, 30, 10)), new("B", null)]);

        var rects = XElement.Parse(StackedBarChart.Svg(data, "bars", "c")).Elements(Svg + "rect")
            .Where(r => (string?)r.Attribute("y") == "104" && (string?)r.Attribute("height") == "22")
            .Select(r => ((string?)r.Attribute("x"), (string?)r.Attribute("width"), (string?)r.Attribute("fill")))
            .ToList();

        // Bars start at 16 + 170 + 12 = 198 px and are 640 - 2 x 16 - 198 = 410 px long: 60 % is 246 px, 30 % 123 px,
        // 10 % 41 px. The second dimension is not shown: it has no bar at all.
        Assert.Equal([("198", "246", "#2166AC"), ("444", "123", "#CFCFCF"), ("567", "41", "#E08214")], rects);
    }

    [Fact]
    public void Text_is_real_text_escaped_once()
    {
        var data = new StackedBarData("<b>Title</b> & co", null, [new("Q \"1\" <i>", new(50, 25, 25))]);

        var root = XElement.Parse(StackedBarChart.Svg(data, "bars", "c"));
        var texts = root.Elements(Svg + "text").Select(t => t.Value).ToList();

        Assert.Contains("<b>Title</b> & co", texts);
        Assert.Contains("Q \"1\" <i>", texts);
        Assert.Contains("50%", texts);
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "b" or "i");
    }

    [Fact]
    public void A_cell_not_shown_is_hatched_with_a_pattern_named_after_the_chart()
    {
        var root = XElement.Parse(HeatmapChart.Svg(ChartSamples.Heatmap(3), "heatmap", "summary"));

        var pattern = Assert.Single(root.Descendants(Svg + "pattern"));
        Assert.Equal("summary-hatch", (string?)pattern.Attribute("id"));

        // Every seventh cell of the sample is suppressed: 3 rows x 10 dimensions give cells 3, 10, 17 and 24, plus the legend's swatch.
        Assert.Equal(5, root.Elements(Svg + "rect").Count(r => (string?)r.Attribute("fill") == "url(#summary-hatch)"));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void The_same_input_gives_the_same_svg_on_any_thread(string chart)
    {
        var alone = Draw(chart);

        var together = new string[8];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = together.Length }, i => together[i] = Draw(chart));

        Assert.All(together, svg => Assert.Equal(alone, svg));
    }
}
