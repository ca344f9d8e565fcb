using ReadinessPipeline.Surveys.Email;

namespace ReadinessPipeline.Tests.Email;

/// <summary>A design-team report email like the pipeline sends: three recipients, an inline chart, a CSV, tags.</summary>
public static class TestEmails
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly EmailAddress[] Recipients =
    [
        new("principal@lincoln.example.org", "Ana Principal"),
        new("coach@lincoln.example.org", "Ben Coach"),
        new("teacher@lincoln.example.org"),
    ];

    /// <summary>The first bytes of a PNG file; the transports carry bytes, they do not decode images.</summary>
    public static readonly byte[] Chart = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    public static readonly byte[] Csv = "dimension,mean,band\nvision,3.8,ready\n"u8.ToArray();

    public const string Html = """<p>Readiness profile for Lincoln Elementary</p><img src="cid:radar" alt="Radar chart">""";

    public const string Text = "Readiness profile for Lincoln Elementary";

    public static EmailMessage Report() => new(
        new EmailAddress("readiness@example.org", "Readiness Pipeline"),
        Recipients,
        "Your school's readiness profile",
        Html,
        Text,
        [new EmailAttachment("radar.png", "image/png", Chart, ContentId: "radar"), new EmailAttachment("scores.csv", "text/csv", Csv)],
        new Dictionary<string, string> { ["round"] = "round-7", ["school"] = "school-lincoln", ["kind"] = "design-team-report" });
}
