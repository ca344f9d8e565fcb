using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>The charts of a report, from its already-suppressed numbers, with their words in the report's language.</summary>
public static class ReportCharts
{
    /// <summary>A school's staff means against the network median on the framework's dimensions; none when staff results are hidden.</summary>
    public static byte[]? Radar(SchoolReport report, Framework framework, ReportText? words = null)
    {
        words ??= ReportText.Default;
        var language = report.Language;
        var staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed);
        if (staff is null)
        {
            return null;
        }

        var axes = framework.Dimensions.Select(d => staff.Dimensions.FirstOrDefault(r => r.DimensionId == d.Id) is { } row
            ? new RadarAxis(d.Name.In(language), row.Mean, row.NetworkMedian)
            : new RadarAxis(d.Name.In(language), null, null)).ToList();
        return axes.Any(a => a.School is not null)
            ? RadarChart.Render(new RadarData(report.School.Name, words.Format(language, "radarTitle", ("round", report.Round.Name)), axes,
                words[language, "radarSchool"], words[language, "radarNetwork"], words[language, "radarNotShown"], words[language, "radarNotShownNote"]))
            : null;
    }

    /// <summary>The school's staff means by round as small multiples; none without a trend.</summary>
    public static byte[]? Trend(SchoolReport report, ReportText words)
    {
        if (report.Trend is not { } trend)
        {
            return null;
        }

        var language = report.Language;
        return TrendChart.Render(new TrendChartData(words[language, "trendChartTitle"], trend.Rounds,
            [.. trend.Lines.Select(l => new TrendSeries(l.Name, l.Means, l.Changed))], words[language, "trendChanged"], words[language, "trendWithin"]));
    }

    /// <summary>Favorable, neutral and unfavorable answers to each item of one instrument, numbered as on the form.</summary>
    public static byte[]? Items(ItemSection section, string language, ReportText words) =>
        section.Items.Count == 0 ? null : StackedBarChart.Render(new StackedBarData(
            words.Format(language, "itemsChartTitle", ("title", section.Title)),
            null,
            [.. section.Items.Select((item, i) => new StackedBar($"{i + 1}. {item.Text}", item.Suppressed ? null : new AnswerShares(item.Favorable!.Value, item.Neutral!.Value, item.Unfavorable!.Value)))],
            words[language, "favorableColumn"],
            words[language, "neutralColumn"],
            words[language, "unfavorableColumn"],
            words[language, "notShown"]));

    /// <summary>Schools x dimensions of the network summary (cells under the network floor are hatched), in the summary's language.</summary>
    public static byte[]? Heatmap(NetworkReport report, ReportText? words = null) =>
        report.Schools.Count == 0 || report.StaffDimensions.Count == 0 ? null : HeatmapChart.Render(new HeatmapData(
            report.NetworkName,
            (words ?? ReportText.Default).Format(report.Language, "network.heatmapTitle", ("round", report.Round.Name)),
            [.. report.StaffDimensions.Select(d => d.Name.In(report.Language))],
            [.. report.Schools.Select(s => new HeatmapRow(s.SchoolName, s.StaffMeans))]));
}
