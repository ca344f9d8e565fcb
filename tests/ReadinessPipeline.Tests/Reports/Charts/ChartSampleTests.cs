using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Tests.Reports.Charts;

public class ChartSampleTests
{
    /// <summary>
    /// Writes each chart for realistic data to <c>readiness-charts</c> in the temp folder, so a person changing a
    /// layout can open the images and judge them; the checks here only make sure the files are whole PNGs.
    /// </summary>
    [Fact]
    public void Samples_are_written_to_the_temp_folder_for_a_person_to_look_at()
    {
        var folder = Path.Combine(Path.GetTempPath(), "readiness-charts");
        Directory.CreateDirectory(folder);
        var samples = new Dictionary<string, byte[]>
        {
            ["radar.png"] = RadarChart.Render(ChartSamples.Radar(ChartSamples.School)),
            ["radar-gaps.png"] = RadarChart.Render(ChartSamples.Radar(
                [3.6, null, 3.3, null, null, 3.9, 3.8, 2.2, 3.1, 2.9],
                [3.1, 2.8, null, 3.6, 2.9, 3.4, 3.2, 2.5, 3.5, 3.0])),
            ["heatmap.png"] = HeatmapChart.Render(ChartSamples.Heatmap(10)),
            ["heatmap-60.png"] = HeatmapChart.Render(ChartSamples.Heatmap(60)),
            ["stacked-bars.png"] = StackedBarChart.Render(ChartSamples.StackedBars()),
        };

        foreach (var (name, png) in samples)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, png);
            Assert.Equal(Png.Size(png), Png.Size(File.ReadAllBytes(path)));
        }
    }
}
