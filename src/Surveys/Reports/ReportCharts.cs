using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Reports.Charts;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>
/// The charts of a report, from its already-suppressed numbers, with their words in the report's language: as PNG for
/// the emails (mail clients show images, not SVG) and as inline SVG for the report pages, drawn from the same layout.
/// </summary>
public static class ReportCharts
{
    /// <summary>A school's staff means against the network median on the framework's dimensions; none when staff results are hidden.</summary>
    public static byte[]? Radar(SchoolReport report, Framework framework, ReportText? words = null) =>
        RadarInput(report, framework, words ?? ReportText.Default) is { } data ? RadarChart.Render(data) : null;

    /// <summary>The radar chart as inline SVG, announced as <paramref name="label"/>.</summary>
    public static string? RadarSvg(SchoolReport report, Framework framework, ReportText words, string label) =>
        RadarInput(report, framework, words) is { } data ? RadarChart.Svg(data, label, "radar") : null;

    /// <summary>The school's staff means by round as small multiples, inline SVG; none without a trend.</summary>
    public static string? TrendSvg(SchoolReport report, ReportText words, string label)
    {
        if (report.Trend is not { } trend)
        {
            return null;
        }

        var language = report.Language;
        return TrendChart.Svg(new TrendChartData(words[language, "trendChartTitle"], trend.Rounds,
            [.. trend.Lines.Select(l => new TrendSeries(l.Name, l.Means, l.Changed))], words[language, "trendChanged"], words[language, "trendWithin"]), label, "trend");
    }

    /// <summary>Favorable, neutral and unfavorable answers to each item of one instrument, numbered as on the form, inline SVG.</summary>
    public static string? ItemsSvg(ItemSection section, string language, ReportText words, string label, string id) =>
        section.Items.Count == 0 ? null : StackedBarChart.Svg(new StackedBarData(
            words.Format(language, "itemsChartTitle", ("title", section.Title)),
            null,
            [.. section.Items.Select((item, i) => new StackedBar($"{i + 1}. {item.Text}", item.Suppressed ? null : new AnswerShares(item.Favorable!.Value, item.Neutral!.Value, item.Unfavorable!.Value)))],
            words[language, "favorableColumn"],
            words[language, "neutralColumn"],
            words[language, "unfavorableColumn"],
            words[language, "notShown"]), label, id);

    /// <summary>Schools x dimensions of the network summary (cells under the network floor are hatched), in the summary's language.</summary>
    public static byte[]? Heatmap(NetworkReport report, ReportText? words = null) =>
        HeatmapInput(report, words ?? ReportText.Default) is { } data ? HeatmapChart.Render(data) : null;

    /// <summary>The heatmap as inline SVG, announced as <paramref name="label"/>.</summary>
    public static string? HeatmapSvg(NetworkReport report, ReportText words, string label) =>
        HeatmapInput(report, words) is { } data ? HeatmapChart.Svg(data, label, "heatmap") : null;

    private static RadarData? RadarInput(SchoolReport report, Framework framework, ReportText words)
    {
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
            ? new RadarData(report.School.Name, words.Format(language, "radarTitle", ("round", report.Round.Name)), axes,
                words[language, "radarSchool"], words[language, "radarNetwork"], words[language, "radarNotShown"], words[language, "radarNotShownNote"])
            : null;
    }

    private static HeatmapData? HeatmapInput(NetworkReport report, ReportText words) =>
        report.Schools.Count == 0 || report.StaffDimensions.Count == 0 ? null : new HeatmapData(
            report.NetworkName,
            words.Format(report.Language, "network.heatmapTitle", ("round", report.Round.Name)),
            [.. report.StaffDimensions.Select(d => d.Name.In(report.Language))],
            [.. report.Schools.Select(s => new HeatmapRow(s.SchoolName, s.StaffMeans))],
            words[report.Language, "network.heatmapScale"],
            words[report.Language, "network.heatmapNotShown"]);
}
