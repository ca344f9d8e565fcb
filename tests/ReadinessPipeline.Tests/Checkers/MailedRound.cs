using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// One round run through the app with the .eml outbox, so every kind of email the product sends is there once as mail
/// clients get it: invitations, design-team links, a reminder, the school reports and the network summary. The
/// reports of a small round hide most numbers, so the outbox writer also gets a report email with every part shown.
/// </summary>
public sealed class MailedRound : CoachApp
{
    /// <summary>The last day of the sample report emails' links, so their "until" line is checked too.</summary>
    private static readonly DateTimeOffset LinkUntil = new(2027, 3, 7, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, MimeMessage> _emails = new(StringComparer.Ordinal);

    /// <summary>What the checks allow in links and forbid anywhere: the app's public address, and the coach keys.</summary>
    public static EmailRules Rules => new(new Uri(PublicUrl), [Key, RotatedKey]);

    public MimeMessage Email(string kind) => _emails[kind];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var network = await NetworkAsync(schools: 2, staffPerSchool: 6);
        var round = await OpenRoundAsync(network, new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12" }, new { id = "student-sel-3-5" } }, ["P3D"]);
        await EventuallyAsync(() => Task.FromResult(Emails(round, "invitation").Count == 12 && Emails(round, "design-team-links").Count == 2), because: "the invitations");
        var invitations = Emails(round, "invitation");
        foreach (var invite in invitations.Where(m => !m.To.Mailboxes.Single().Address.StartsWith("teacher6.", StringComparison.Ordinal)))
        {
            (await AnswerAsync(Tokens(invite).Single())).EnsureSuccessStatusCode();
        }

        Clock.Advance(TimeSpan.FromDays(3.1));
        Assert.True(await FireTimerAsync("RoundClock"), "the round clock sends the reminders");
        await EventuallyAsync(() => Task.FromResult(Emails(round, "reminder").Count == 2), because: "a reminder per school");
        using (var coach = Coach())
        {
            (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        }

        await EventuallyAsync(() => Task.FromResult(Emails(round, "school-report").Count == 2 && Emails(round, "network-summary").Count == 1), timeout: TimeSpan.FromSeconds(60), because: "the reports");
        foreach (var kind in new[] { "invitation", "design-team-links", "reminder", "school-report", "network-summary" })
        {
            _emails[kind] = Emails(round, kind)[0];
        }

        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault());
        var school = SampleReports.School();
        _emails["school-report-every-part"] = await WriteAsync(await renderer.SchoolEmailAsync(school, SampleReports.Radar(school), PublicUrl + "api/reports/sample", LinkUntil));
        var summary = SampleReports.Network();
        _emails["network-summary-every-part"] = await WriteAsync(await renderer.NetworkEmailAsync(summary, ReportCharts.Heatmap(summary), PublicUrl + "api/reports/sample", LinkUntil));
    }

    /// <summary>Writes a rendered email with the outbox writer the app uses, and reads it back as a mail client would.</summary>
    private async Task<MimeMessage> WriteAsync(RenderedEmail email)
    {
        var folder = Path.Combine(Outbox, "every-part");
        var sender = new OutboxEmailSender(new EmailOptions { OutboxDirectory = folder }, Clock, NullLogger<OutboxEmailSender>.Instance);
        var message = new EmailMessage(new EmailAddress("readiness@example.org", "Readiness Pipeline"), [new EmailAddress("team@district.example")], email.Subject, email.Html, email.Text, email.Attachments, new Dictionary<string, string>());
        var receipt = await sender.SendAsync(message, CancellationToken.None);
        return await MimeMessage.LoadAsync(receipt.MessageId!);
    }
}
