using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>The charts of a report, from its already-suppressed numbers.</summary>
public static class ReportCharts
{
    /// <summary>A school's staff means against the network median on the framework's dimensions; none when staff results are hidden.</summary>
    public static byte[]? Radar(SchoolReport report, Framework framework)
    {
        var staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed);
        if (staff is null)
        {
            return null;
        }

        var axes = framework.Dimensions.Select(d => staff.Dimensions.FirstOrDefault(r => r.DimensionId == d.Id) is { } row
            ? new RadarAxis(d.Name.In("en"), row.Mean, row.NetworkMedian)
            : new RadarAxis(d.Name.In("en"), null, null)).ToList();
        return axes.Any(a => a.School is not null) ? RadarChart.Render(new RadarData(report.School.Name, $"Staff readiness, {report.Round.Name}", axes)) : null;
    }

    /// <summary>Schools x dimensions of the network summary (cells under the network floor are hatched).</summary>
    public static byte[]? Heatmap(NetworkReport report) =>
        report.Schools.Count == 0 || report.StaffDimensions.Count == 0 ? null : HeatmapChart.Render(new HeatmapData(
            report.NetworkName,
            $"Staff means by school, {report.Round.Name}",
            [.. report.StaffDimensions.Select(d => d.Name.In("en"))],
            [.. report.Schools.Select(s => new HeatmapRow(s.SchoolName, s.StaffMeans))]));
}
