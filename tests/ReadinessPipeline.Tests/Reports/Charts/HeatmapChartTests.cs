using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Tests.Reports.Charts;

public class HeatmapChartTests
{
    [Fact]
    public void The_chart_is_as_wide_as_documented_and_as_high_as_its_rows_need()
    {
        var png = HeatmapChart.Render(ChartSamples.Heatmap(15));

        Assert.Equal((HeatmapChart.Width, HeatmapChart.HeightFor(15)), Png.Size(png));
    }

    [Fact]
    public void The_height_grows_by_one_row_height_per_school()
    {
        var ten = Png.Size(HeatmapChart.Render(ChartSamples.Heatmap(10)));
        var sixty = Png.Size(HeatmapChart.Render(ChartSamples.Heatmap(60)));

        Assert.Equal(HeatmapChart.Width, sixty.Width);
        Assert.Equal(50 * (int)HeatmapChart.RowHeight, sixty.Height - ten.Height);
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes()
    {
        Assert.Equal(HeatmapChart.Render(ChartSamples.Heatmap(12)), HeatmapChart.Render(ChartSamples.Heatmap(12)));
    }

    [Fact]
    public void Cells_take_the_colour_of_their_mean_and_a_suppressed_cell_is_grey()
    {
        var data = new HeatmapData("Network", null, ["A", "B", "C", "D"],
        [
            new("School one", [1.0, 5.0, null, 3.0]),
            new("School two", [null, 2.0, 4.0, 1.5]),
        ]);

        using var chart = Png.Decode(HeatmapChart.Render(data));

        // Sample a corner of each cell, away from its printed number.
        SkiaSharp.SKColor Corner(int row, int column)
        {
            var cell = HeatmapChart.Cell(row, column);
            return Png.Pixel(chart, cell.Left + 3, cell.Top + 3);
        }

        Assert.True(Corner(0, 0).Red > Corner(0, 0).Blue + 100, $"a mean of 1 is {Corner(0, 0)}, not orange");
        Assert.True(Png.IsBluish(Corner(0, 1)), $"a mean of 5 is {Corner(0, 1)}, not blue");
        Assert.True(Png.IsGrey(Corner(0, 2)), $"a suppressed cell is {Corner(0, 2)}, not grey");
        Assert.True(Png.IsGrey(Corner(1, 0)), $"a suppressed cell is {Corner(1, 0)}, not grey");
        Assert.False(Png.IsGrey(Corner(0, 3)), $"a neutral 3.0 is {Corner(0, 3)}, as grey as a suppressed cell");
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_values_is_refused()
    {
        var data = new HeatmapData("Network", null, ["A", "B"], [new("School", [3.0])]);

        var error = Assert.Throws<ArgumentException>(() => HeatmapChart.Render(data));
        Assert.Contains("School", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mean_outside_the_scale_is_refused()
    {
        var data = new HeatmapData("Network", null, ["A", "B"], [new("School", [3.0, 5.2])]);

        Assert.Throws<ArgumentOutOfRangeException>(() => HeatmapChart.Render(data));
    }

    [Fact]
    public void A_heatmap_with_no_schools_is_refused()
    {
        Assert.Throws<ArgumentException>(() => HeatmapChart.Render(new HeatmapData("Network", null, ["A"], [])));
    }
}
