using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>An email's subject, bodies and files, ready to send.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html, IReadOnlyList<EmailAttachment> Attachments);

/// <summary>
/// Renders the suppressed report models through the editable templates in <c>Data/templates/reports</c>:
/// the design-team email (table layout, a PNG chart attached and shown by <c>cid:</c>, no scripts) with its CSV, the
/// full HTML report (charts as inline SVG, so one self-contained file), and the coaches' network summary with the
/// all-schools CSV.
/// Templates only format numbers the builder decided may be shown.
/// </summary>
public sealed class ReportRenderer(TemplateLibrary templates, ReportText? reportText = null)
{
    private readonly ReportText _words = reportText ?? ReportText.Default;

    public const string RadarContentId = "radar";
    public const string HeatmapContentId = "heatmap";

    /// <summary>The report words this renderer writes with, for the charts drawn to go with its emails.</summary>
    public ReportText Words => _words;

    private static readonly string[] SchoolCsvHeader =
        ["school_id", "school", "round", "instrument", "dimension_id", "dimension", "n", "mean", "sd", "percent_favorable", "band", "network_median", "percentile", "change", "note",
         "row_kind", "group", "percent_neutral", "percent_unfavorable", "percent_dont_know", "change_margin"];

    /// <summary>
    /// The design team's email in the report's language. <paramref name="reportUrl"/> opens the full report; it is
    /// also given with <c>?lang=</c> for each other language the reports are written in, and works until
    /// <paramref name="linkUntil"/> (the email says until which day).
    /// </summary>
    public async Task<RenderedEmail> SchoolEmailAsync(SchoolReport report, byte[]? radar, string? reportUrl, DateTimeOffset? linkUntil = null)
    {
        var others = reportUrl is null ? [] : OtherLanguages(report.Language, language => $"{reportUrl}?lang={language}");
        var (subject, text, html) = await templates.RenderEmailAsync("reports/school-email", SchoolModel(report, radar is null ? null : $"cid:{RadarContentId}", reportUrl, others, full: false, linkUntil));
        var attachments = new List<EmailAttachment> { new($"{report.School.Id}-{report.Round.Id}-scores.csv", "text/csv", SchoolCsv(report)) };
        if (radar is not null)
        {
            attachments.Insert(0, new EmailAttachment("radar.png", "image/png", radar, RadarContentId));
        }

        return new RenderedEmail(subject, text, html, attachments);
    }

    /// <summary>
    /// The full report page: its charts as inline SVG (the radar chart when <paramref name="framework"/> is given), a
    /// link to the same page in each other language (<c>?lang=</c>).
    /// </summary>
    public async Task<string> SchoolPageAsync(SchoolReport report, Framework? framework) =>
        await templates.RenderHtmlAsync("reports/school-page", SchoolModel(report, null, null, OtherLanguages(report.Language, language => $"?lang={language}"), full: true, framework: framework));

    public async Task<RenderedEmail> NetworkEmailAsync(NetworkReport report, byte[]? heatmap, string? reportUrl, DateTimeOffset? linkUntil = null)
    {
        var (subject, text, html) = await templates.RenderEmailAsync("reports/network-email", NetworkModel(report, heatmap is null ? null : $"cid:{HeatmapContentId}", reportUrl, linkUntil));
        var attachments = new List<EmailAttachment> { new($"{report.Round.NetworkId}-{report.Round.Id}-schools.csv", "text/csv", NetworkCsv(report)) };
        if (heatmap is not null)
        {
            attachments.Insert(0, new EmailAttachment("heatmap.png", "image/png", heatmap, HeatmapContentId));
        }

        return new RenderedEmail(subject, text, html, attachments);
    }

    /// <summary>The coaches' network summary page, its heatmap as inline SVG.</summary>
    public async Task<string> NetworkPageAsync(NetworkReport report) =>
        await templates.RenderHtmlAsync("reports/network-page", NetworkModel(report, null, null, svg: true));

    /// <summary>The school's shown numbers, one row per instrument and dimension; hidden ones are blank with a note.</summary>
    public static byte[] SchoolCsv(SchoolReport report) => Csv(writer =>
    {
        foreach (var header in SchoolCsvHeader)
        {
            writer.WriteField(Text(header));
        }

        writer.NextRecord();
        var notShown = ReportText.Default[report.Language, "notShown"];
        var (id, name, round) = (report.School.Id, report.School.Name, report.Round.Id);
        foreach (var section in report.Instruments)
        {
            var rows = section.Suppressed ? [] : section.Dimensions;
            if (section.Suppressed)
            {
                Fields(writer, id, name, round, section.InstrumentId, "", "", null, null, null, null, "", null, null, null, notShown, "dimension", "", null, null, null, null);
            }

            foreach (var row in rows)
            {
                Fields(writer, id, name, round, section.InstrumentId, row.DimensionId, row.Name, row.N, row.Mean, row.StandardDeviation,
                    row.PercentFavorable, row.BandLabel ?? "", row.NetworkMedian, row.Percentile, row.Change, row.Suppressed ? row.Note ?? notShown : "",
                    "dimension", "", null, null, null, row.ChangeMargin);
            }
        }

        foreach (var table in report.Subgroups)
        {
            foreach (var row in table.Rows)
            {
                for (var g = 0; g < table.Groups.Count; g++)
                {
                    Fields(writer, id, name, round, table.InstrumentId, row.DimensionId, row.Name, row.Means[g] is null ? null : table.Counts[g], row.Means[g], null,
                        null, "", null, null, null, row.Means[g] is null ? notShown : "", "role", table.Groups[g], null, null, null, null);
                }
            }
        }

        foreach (var section in report.ItemResults)
        {
            foreach (var item in section.Items)
            {
                Fields(writer, id, name, round, section.InstrumentId, item.ItemId, item.Text, item.Answered, null, null,
                    item.Favorable, "", null, null, null, item.Suppressed ? notShown : "", "item", item.Dimension, item.Neutral, item.Unfavorable, item.DontKnow, null);
            }
        }
    });

    /// <summary>Every school's staff means at the network floor; hidden cells are blank.</summary>
    public static byte[] NetworkCsv(NetworkReport report) => Csv(writer =>
    {
        writer.WriteField("school_id");
        writer.WriteField("school");
        writer.WriteField("profile");
        var instruments = report.Schools.Count > 0 ? report.Schools[0].Respondents.Keys.ToList() : [];
        foreach (var instrument in instruments)
        {
            writer.WriteField(Text($"respondents_{instrument}"));
        }

        foreach (var dimension in report.StaffDimensions)
        {
            writer.WriteField(Text($"staff_mean_{dimension.Id}"));
        }

        writer.NextRecord();
        foreach (var school in report.Schools)
        {
            writer.WriteField(Text(school.SchoolId));
            writer.WriteField(Text(school.SchoolName));
            writer.WriteField(Text(school.Profile));
            foreach (var instrument in instruments)
            {
                writer.WriteField(Number(school.Respondents[instrument]));
            }

            foreach (var mean in school.StaffMeans)
            {
                writer.WriteField(Number(mean));
            }

            writer.NextRecord();
        }
    });

    private object SchoolModel(SchoolReport report, string? radarSource, string? reportUrl, IReadOnlyList<object> otherLanguages, bool full, DateTimeOffset? linkUntil = null, Framework? framework = null)
    {
        var words = _words.For(report.Language);
        var radarAlt = RadarAlt(report, _words);
        return new
        {
            Report = report,
            T = words,
            Staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed),
            StaffSuppressed = report.Instruments.Any(i => i.Audience == Audience.Staff && i.Suppressed),
            Students = report.Instruments.Where(i => i.Audience == Audience.Student).ToList(),
            CommentCount = report.Comments.Sum(c => c.Comments.Count),
            RadarSource = radarSource,
            RadarAlt = radarAlt,
            RadarSvg = full && framework is not null ? ReportCharts.RadarSvg(report, framework, _words, radarAlt) : null,
            TrendSvg = full ? ReportCharts.TrendSvg(report, _words, words["trendChartAlt"]) : null,
            TrendRounds = report.Trend is { } t ? string.Join(", ", t.Rounds) : "",
            ItemCharts = full ? report.ItemResults.Select((section, i) => ReportCharts.ItemsSvg(section, report.Language, _words, words["itemsChartAlt"], $"items{i + 1}")).ToList() : [],
            WatchItems = WatchItems(report),
            OtherLanguages = otherLanguages,
            ReportUrl = reportUrl,
            LinkUntil = Day(linkUntil),
        };
    }

    /// <summary>A link's last day as the emails give it: ISO 8601 (UTC), the same in every language and never ambiguous.</summary>
    private static string? Day(DateTimeOffset? moment) => moment?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>For the email: the five least favorable staff items and the five most often answered "don't know" (10% or more), each once.</summary>
    private static List<ItemRow> WatchItems(SchoolReport report)
    {
        var staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed);
        var items = report.ItemResults.FirstOrDefault(s => s.InstrumentId == staff?.InstrumentId)?.Items.Where(i => !i.Suppressed).ToList() ?? [];
        return [.. items.OrderBy(i => i.Favorable).ThenBy(i => i.ItemId, StringComparer.Ordinal).Take(5)
            .Concat(items.Where(i => i.DontKnow >= 10).OrderByDescending(i => i.DontKnow).ThenBy(i => i.ItemId, StringComparer.Ordinal).Take(5))
            .Distinct()];
    }

    private List<object> OtherLanguages(string language, Func<string, string> url) =>
        [.. _words.Languages.Where(l => l != language).Select(l => (object)new { Lang = l, Text = _words[l, "readInThisLanguage"], Url = url(l) })];

    private object NetworkModel(NetworkReport report, string? heatmapSource, string? reportUrl, DateTimeOffset? linkUntil = null, bool svg = false) => new
    {
        Report = report,
        T = _words.For(report.Language),
        HeatmapSource = heatmapSource,
        HeatmapSvg = svg ? ReportCharts.HeatmapSvg(report, _words, _words[report.Language, "network.heatmapAlt"]) : null,
        ReportUrl = reportUrl,
        LinkUntil = Day(linkUntil),
        Flagged = report.Quality.Where(r => r.Flagged).ToList(),
    };

    /// <summary>The chart in words, in the report's language, for screen readers and mail clients that block images.</summary>
    private static string RadarAlt(SchoolReport report, ReportText words)
    {
        var language = report.Language;
        var staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed);
        if (staff is null)
        {
            return words[language, "radarNone"];
        }

        var parts = staff.Dimensions.Where(d => d.Kind != DimensionKind.Scale).Select(d => d.Mean is { } mean
            ? d.NetworkMedian is { } median
                ? words.Format(language, "radarAltNetwork", ("name", d.Name), ("mean", ReportText.OneDecimal(mean)), ("median", ReportText.OneDecimal(median)))
                : words.Format(language, "radarAltValue", ("name", d.Name), ("mean", ReportText.OneDecimal(mean)))
            : words.Format(language, "radarAltHidden", ("name", d.Name)));
        return words.Format(language, "radarAlt", ("values", string.Join("; ", parts)));
    }

    private static void Fields(CsvWriter writer, params object?[] values)
    {
        foreach (var value in values)
        {
            writer.WriteField(value switch
            {
                null => "",
                double d => Number(d),
                int i => i.ToString(CultureInfo.InvariantCulture),
                _ => Text(value.ToString() ?? ""),
            });
        }

        writer.NextRecord();
    }

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// A text cell as a spreadsheet may open it: one that would run as a formula (first character, after any spaces,
    /// = + - or @, or a tab or CR) gets a leading apostrophe, so it shows as the text it is. Numbers are written
    /// without this, so "-0.25" stays a number a spreadsheet can sum.
    /// </summary>
    public static string Text(string text) =>
        text.Length > 0 && (text[0] is '\t' or '\r' || text.TrimStart(' ', '\u00a0') is ['=' or '+' or '-' or '@', ..]) ? "'" + text : text;

    /// <summary>UTF-8 CSV (with a byte order mark, for spreadsheets); text cells pass through <see cref="Text"/>, numbers do not.</summary>
    private static byte[] Csv(Action<CsvWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(text.ToString())).ToArray();
    }
}
