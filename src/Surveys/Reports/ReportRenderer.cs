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
/// the design-team email (table layout, inline <c>cid:</c> chart, no scripts) with its CSV, the full HTML report
/// (charts as data URIs, so one self-contained file), and the coaches' network summary with the all-schools CSV.
/// Templates only format numbers the builder decided may be shown.
/// </summary>
public sealed class ReportRenderer(TemplateLibrary templates)
{
    public const string RadarContentId = "radar";
    public const string HeatmapContentId = "heatmap";

    private static readonly string[] SchoolCsvHeader =
        ["school_id", "school", "round", "instrument", "dimension_id", "dimension", "n", "mean", "sd", "percent_favorable", "band", "network_median", "percentile", "change", "note"];

    public async Task<RenderedEmail> SchoolEmailAsync(SchoolReport report, byte[]? radar, string? reportUrl)
    {
        var (subject, text, html) = await templates.RenderEmailAsync("reports/school-email", SchoolModel(report, radar is null ? null : $"cid:{RadarContentId}", reportUrl));
        var attachments = new List<EmailAttachment> { new($"{report.School.Id}-{report.Round.Id}-scores.csv", "text/csv", SchoolCsv(report)) };
        if (radar is not null)
        {
            attachments.Insert(0, new EmailAttachment("radar.png", "image/png", radar, RadarContentId));
        }

        return new RenderedEmail(subject, text, html, attachments);
    }

    public async Task<string> SchoolPageAsync(SchoolReport report, byte[]? radar) =>
        await templates.RenderHtmlAsync("reports/school-page", SchoolModel(report, DataUri(radar), null));

    public async Task<RenderedEmail> NetworkEmailAsync(NetworkReport report, byte[]? heatmap, string? reportUrl)
    {
        var (subject, text, html) = await templates.RenderEmailAsync("reports/network-email", NetworkModel(report, heatmap is null ? null : $"cid:{HeatmapContentId}", reportUrl));
        var attachments = new List<EmailAttachment> { new($"{report.Round.NetworkId}-{report.Round.Id}-schools.csv", "text/csv", NetworkCsv(report)) };
        if (heatmap is not null)
        {
            attachments.Insert(0, new EmailAttachment("heatmap.png", "image/png", heatmap, HeatmapContentId));
        }

        return new RenderedEmail(subject, text, html, attachments);
    }

    public async Task<string> NetworkPageAsync(NetworkReport report, byte[]? heatmap) =>
        await templates.RenderHtmlAsync("reports/network-page", NetworkModel(report, DataUri(heatmap), null));

    /// <summary>The school's shown numbers, one row per instrument and dimension; hidden ones are blank with a note.</summary>
    public static byte[] SchoolCsv(SchoolReport report) => Csv(writer =>
    {
        foreach (var header in SchoolCsvHeader)
        {
            writer.WriteField(Text(header));
        }

        writer.NextRecord();
        foreach (var section in report.Instruments)
        {
            var rows = section.Suppressed ? [] : section.Dimensions;
            if (section.Suppressed)
            {
                Fields(writer, report.School.Id, report.School.Name, report.Round.Id, section.InstrumentId, "", "", null, null, null, null, "", null, null, null, "not shown to protect privacy");
            }

            foreach (var row in rows)
            {
                Fields(writer, report.School.Id, report.School.Name, report.Round.Id, section.InstrumentId, row.DimensionId, row.Name, row.N, row.Mean, row.StandardDeviation,
                    row.PercentFavorable, row.BandLabel ?? "", row.NetworkMedian, row.Percentile, row.Change, row.Suppressed ? row.Note ?? "not shown to protect privacy" : "");
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

    private static object SchoolModel(SchoolReport report, string? radarSource, string? reportUrl) => new
    {
        Report = report,
        Staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed),
        StaffSuppressed = report.Instruments.Any(i => i.Audience == Audience.Staff && i.Suppressed),
        Students = report.Instruments.Where(i => i.Audience == Audience.Student).ToList(),
        CommentCount = report.Comments.Sum(c => c.Comments.Count),
        RadarSource = radarSource,
        RadarAlt = RadarAlt(report),
        ReportUrl = reportUrl,
    };

    private static object NetworkModel(NetworkReport report, string? heatmapSource, string? reportUrl) => new
    {
        Report = report,
        HeatmapSource = heatmapSource,
        ReportUrl = reportUrl,
        Flagged = report.Quality.Where(r => r.Flagged).ToList(),
    };

    /// <summary>The chart in words, for screen readers and mail clients that block images.</summary>
    private static string RadarAlt(SchoolReport report)
    {
        var staff = report.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff && !i.Suppressed);
        if (staff is null)
        {
            return "No chart: staff results are not shown to protect privacy.";
        }

        var parts = staff.Dimensions.Where(d => d.Kind != DimensionKind.Scale).Select(d => d.Mean is { } mean
            ? $"{d.Name} {mean.ToString("0.0", CultureInfo.InvariantCulture)}{(d.NetworkMedian is { } median ? $" (network {median.ToString("0.0", CultureInfo.InvariantCulture)})" : "")}"
            : $"{d.Name} not shown");
        return "Staff means on a 1 to 5 scale: " + string.Join("; ", parts) + ".";
    }

    private static string? DataUri(byte[]? png) => png is null ? null : "data:image/png;base64," + Convert.ToBase64String(png);

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
