using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Tests.Reports.Charts;

public class StackedBarChartTests
{
    [Fact]
    public void The_chart_is_as_wide_as_documented_and_as_high_as_its_bars_need()
    {
        var png = StackedBarChart.Render(ChartSamples.StackedBars());

        Assert.Equal((StackedBarChart.Width, StackedBarChart.HeightFor(10)), Png.Size(png));
        Assert.True(StackedBarChart.HeightFor(11) > StackedBarChart.HeightFor(10));
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes()
    {
        Assert.Equal(StackedBarChart.Render(ChartSamples.StackedBars()), StackedBarChart.Render(ChartSamples.StackedBars()));
    }

    [Fact]
    public void Charts_drawn_on_several_threads_at_once_have_the_bytes_of_one_drawn_alone()
    {
        // A round close draws eight schools' charts at once, and chart text is measured with fonts kept per thread.
        var alone = StackedBarChart.Render(ChartSamples.StackedBars());

        var together = new byte[8][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = together.Length }, i => together[i] = StackedBarChart.Render(ChartSamples.StackedBars()));

        Assert.All(together, png => Assert.Equal(alone, png));
    }

    [Fact]
    public void Segments_are_as_long_as_their_share_and_a_dimension_not_shown_has_no_bar()
    {
        var data = new StackedBarData("School", null, [new("A", new(60, 30, 10)), new("B", null)]);

        using var chart = Png.Decode(StackedBarChart.Render(data));

        // Sample along the top edge of each bar, above the printed percentages.
        SkiaSharp.SKColor At(int bar, double percent) => Png.Pixel(chart,
            StackedBarChart.BarLeft + (StackedBarChart.BarWidth * percent / 100),
            StackedBarChart.BarsTop + (bar * StackedBarChart.RowHeight) + 3);

        Assert.True(Png.IsBluish(At(0, 5)) && Png.IsBluish(At(0, 58)), "favorable runs from 0 to 60%");
        Assert.True(Png.IsGrey(At(0, 62)) && Png.IsGrey(At(0, 88)), "neutral runs from 60 to 90%");
        Assert.True(At(0, 92).Red > At(0, 92).Blue + 100 && At(0, 99).Red > At(0, 99).Blue + 100, "unfavorable runs from 90 to 100%");
        Assert.True(Png.IsWhite(At(1, 50)) && Png.IsWhite(At(1, 95)), "a dimension not shown has no bar");
    }

    [Theory]
    [InlineData(60, 30, 5)]
    [InlineData(60, 50, 10)]
    [InlineData(-5, 95, 10)]
    public void Shares_that_do_not_add_up_to_100_are_refused(double favorable, double neutral, double unfavorable)
    {
        var data = new StackedBarData("School", null, [new("A", new(favorable, neutral, unfavorable))]);

        Assert.Throws<ArgumentOutOfRangeException>(() => StackedBarChart.Render(data));
    }

    [Fact]
    public void Rounded_shares_a_point_off_100_are_accepted()
    {
        var data = new StackedBarData("School", null, [new("A", new(33, 33, 33)), new("B", new(34, 34, 33))]);

        Assert.Equal((StackedBarChart.Width, StackedBarChart.HeightFor(2)), Png.Size(StackedBarChart.Render(data)));
    }
}
