using ReadinessPipeline.Surveys.Reports.Charts;
using ScottPlot;

namespace ReadinessPipeline.Tests.Reports.Charts;

public class RadarChartTests
{
    private static readonly double?[] AllThree = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3];

    [Fact]
    public void The_chart_is_a_png_of_the_documented_size()
    {
        var png = RadarChart.Render(ChartSamples.Radar(ChartSamples.School));

        Assert.Equal((640, 560), Png.Size(png));
        using var bitmap = Png.Decode(png);
        Assert.Equal((640, 560), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes_and_a_different_one_does_not()
    {
        var first = RadarChart.Render(ChartSamples.Radar(ChartSamples.School));
        var again = RadarChart.Render(ChartSamples.Radar([.. ChartSamples.School]));
        var changed = RadarChart.Render(ChartSamples.Radar([3.7, .. ChartSamples.School[1..]]));

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void Charts_drawn_at_the_same_time_on_several_threads_come_out_the_same()
    {
        var expected = RadarChart.Render(ChartSamples.Radar(ChartSamples.School));
        var results = new byte[8][];

        Parallel.For(0, results.Length, i => results[i] = RadarChart.Render(ChartSamples.Radar(ChartSamples.School)));

        Assert.All(results, png => Assert.Equal(expected, png));
    }

    [Fact]
    public void A_value_of_5_fills_the_area_near_its_spoke_and_a_value_of_1_leaves_it_empty()
    {
        double?[] high = [.. AllThree];
        high[2] = 5;
        double?[] low = [.. AllThree];
        low[2] = 1;

        using var highChart = Png.Decode(RadarChart.Render(ChartSamples.Radar(high, AllThree)));
        using var lowChart = Png.Decode(RadarChart.Render(ChartSamples.Radar(low, AllThree)));

        var spot = NearSpoke(2, 4.5);
        Assert.True(Png.IsBluish(Png.Pixel(highChart, spot.X, spot.Y)), $"{Png.Pixel(highChart, spot.X, spot.Y)} at {spot} is not the school's fill");
        Assert.True(Png.IsWhite(Png.Pixel(lowChart, spot.X, spot.Y)), $"{Png.Pixel(lowChart, spot.X, spot.Y)} at {spot} is not background");
    }

    [Fact]
    public void A_missing_value_leaves_a_gap_at_its_spoke_instead_of_a_vertex()
    {
        double?[] school = [5, 5, null, 5, 5, 5, 5, 5, 5, 5];

        var png = RadarChart.Render(ChartSamples.Radar(school, AllThree));

        Assert.Equal((640, 560), Png.Size(png));
        using var chart = Png.Decode(png);
        var gap = NearSpoke(2, 4.5);
        var filled = NearSpoke(6, 4.5);
        Assert.True(Png.IsWhite(Png.Pixel(chart, gap.X, gap.Y)), $"{Png.Pixel(chart, gap.X, gap.Y)} at the missing spoke is not background");
        Assert.True(Png.IsBluish(Png.Pixel(chart, filled.X, filled.Y)), $"{Png.Pixel(chart, filled.X, filled.Y)} at a present spoke is not the school's fill");

        // Inside the gap, down to the centre: the polygon is cut, not joined across the missing spoke.
        var inner = NearSpoke(2, 1.5);
        Assert.True(Png.IsWhite(Png.Pixel(chart, inner.X, inner.Y)), $"{Png.Pixel(chart, inner.X, inner.Y)} inside the gap is not background");
    }

    [Fact]
    public void A_chart_with_no_school_values_at_all_still_renders()
    {
        var png = RadarChart.Render(ChartSamples.Radar(new double?[10], new double?[10]));

        Assert.Equal((640, 560), Png.Size(png));
    }

    [Fact]
    public void The_title_is_drawn_with_the_embedded_font()
    {
        using var chart = Png.Decode(RadarChart.Render(ChartSamples.Radar(ChartSamples.School)));

        // The subset embedded in the assembly, not a system DejaVu Sans (which has thousands of glyphs).
        Assert.Equal("DejaVu Sans", ChartFonts.Regular.FamilyName);
        Assert.InRange(ChartFonts.Regular.GlyphCount, 500, 1500);
        Assert.True(ChartFonts.Bold.IsBold);

        // Text really reaches the image: the title's row has dark pixels, the row above it has none.
        Assert.True(DarkPixels(chart, 16, 300, 24) > 20);
        Assert.Equal(0, DarkPixels(chart, 16, 300, 6));
    }

    [Theory]
    [InlineData(5.01)]
    [InlineData(0.99)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_value_outside_the_scale_is_refused(double value)
    {
        double?[] school = [.. AllThree];
        school[4] = value;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RadarChart.Render(ChartSamples.Radar(school)));
        Assert.Contains(ChartSamples.Dimensions[4], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_three_axes_are_refused()
    {
        var data = new RadarData("School", null, [new("A", 3, 3), new("B", 4, 3)]);

        Assert.Throws<ArgumentException>(() => RadarChart.Render(data));
    }

    /// <summary>A point at <paramref name="value"/> just clockwise of a spoke, clear of the spoke line and the markers.</summary>
    private static Coordinates NearSpoke(int axis, double value)
    {
        var on = RadarChart.PointOnAxis(axis, 10, value);
        var next = RadarChart.PointOnAxis(axis + 1, 10, value);
        return new Coordinates(on.X + ((next.X - on.X) * 0.08), on.Y + ((next.Y - on.Y) * 0.08));
    }

    private static int DarkPixels(SkiaSharp.SKBitmap bitmap, int left, int right, int y) =>
        Enumerable.Range(left, right - left).Count(x => bitmap.GetPixel(x, y).Red < 100);
}
