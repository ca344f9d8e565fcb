using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>From answers to the design teams' emails: close, BuildProfiles, SendReport, report links, re-runs and re-sends.</summary>
public class ProfilePipelineTests(CoachApp app) : IClassFixture<CoachApp>
{
    /// <summary>Answers every staff invitation of a round so each school's staff average one of a few profiles.</summary>
    private async Task AnswerStaffAsync(string round, Func<string, int, int> scoreFor)
    {
        var staff = app.Service<Catalog>().Latest("staff-readiness")!;
        // In recipient order: each person's +-1 below is then the same on every run. In outbox order (the files'
        // names) it moved with the timing of the invitation sends, and with it the school means and profiles.
        var invitations = app.Emails(round, "invitation").OrderBy(m => m.To.Mailboxes.Single().Address, StringComparer.Ordinal).ToList();
        var tasks = invitations.Select((invite, n) =>
        {
            var school = invite.Headers["X-Readiness-School"]!;
            var answers = staff.Items.ToDictionary(i => i.Id, i =>
            {
                var score = Math.Clamp(scoreFor(school, Array.IndexOf([.. staff.Dimensions.Select(d => d.Id)], i.Dimension)) + ((n % 3) - 1), 1, 5);
                return i.Reverse ? 6 - score : score;
            });
            return app.PostJsonAsync($"api/surveys/{CoachApp.Tokens(invite).Single()}/responses", new
            {
                submissionId = Guid.NewGuid().ToString(),
                instrument = "staff-readiness",
                version = 2,
                answers,
                openText = new { strengths = $"Our advisory program at {school} <works>" },
            });
        });
        Assert.All(await Task.WhenAll(tasks), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
    }

    [Fact]
    public async Task Closing_a_round_emails_every_design_team_its_profile_and_the_coaches_a_summary_once()
    {
        var network = await app.NetworkAsync(schools: 8, staffPerSchool: 11);
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 88), because: "88 invitations");

        // Two kinds of school: strong on the principles, or strong on the systems of support.
        await AnswerStaffAsync(round, (school, dimension) => (int.Parse(school[^2..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0) == (dimension < 5) ? 4 : 2);
        await AppFixture.EventuallyAsync(async () => await app.Service<ScoreStore>().CountScoredAsync(new RoundKey(network, round)) == 88, because: "88 scored");
        await app.DrainedAsync(StorageNames.ScoreQueue);

        using var coach = app.Coach();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();

        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "school-report").Count == 8 && app.Emails(round, "network-summary").Count == 1), timeout: TimeSpan.FromSeconds(60), because: "8 school reports and the network summary");
        var status = await app.StatusAsync(network, round);
        Assert.Equal("closed", status.GetProperty("round").GetProperty("state").GetString());
        Assert.All(status.GetProperty("reports").EnumerateArray(), r => Assert.Equal("sent", r.GetProperty("status").GetString()));

        // Every answer was scored before the close, so it read the score rows only; its SweepSubmissions message then ran
        // through the trigger runner, found every stored answer scored, and had nothing built again.
        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith($"Profiles of round {round} built from 88 responses", StringComparison.Ordinal) && e.Message.Contains("SweepSubmissions", StringComparison.Ordinal));
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Logs.Entries.Any(e => e.Message == $"Stored submissions of round {round} checked after its close: every one has its score row")), because: "the SweepSubmissions message");
        await app.DrainedAsync(StorageNames.SweepQueue);
        Assert.Equal(0, (await app.Service<PoisonQueues>().DepthAsync(StorageNames.SweepQueue, CancellationToken.None)).Poisoned);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains($"Round {round}:", StringComparison.Ordinal));

        // The design team's email: profile in the subject, inline radar by Content-Id, the CSV, a report link.
        var report = app.Emails(round, "school-report").Single(m => m.Headers["X-Readiness-School"] == "school-02");
        Assert.Equal(["lead2@district.example", "team2@district.example"], report.To.Mailboxes.Select(m => m.Address).Order());
        Assert.Contains("School 02", report.Subject, StringComparison.Ordinal);
        var radar = report.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == "radar");
        Assert.Equal("image/png", radar.ContentType.MimeType);
        Assert.Contains("cid:radar", report.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(report.Attachments, a => a.ContentType.MimeType == "text/csv");
        var profileNames = app.Emails(round, "school-report").Select(m => m.Subject![(m.Subject!.IndexOf('(') + 1)..^1]).Distinct().ToList();
        Assert.Equal(2, profileNames.Count);
        Assert.DoesNotContain(profileNames, n => n.Contains("Cluster", StringComparison.OrdinalIgnoreCase));

        // The full report opens with its own token; comments are escaped there.
        var link = System.Text.RegularExpressions.Regex.Match(report.TextBody!, @"/api/reports/([A-Za-z0-9_-]{43})").Groups[1].Value;
        var page = await app.Http.GetAsync($"api/reports/{link}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("img-src data:", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("&lt;works&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // The coaches' summary has the heatmap inline and the all-schools CSV.
        var summary = app.Emails(round, "network-summary").Single();
        Assert.Equal("coach@network.example", summary.To.Mailboxes.Single().Address);
        Assert.Contains(summary.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentId == "heatmap");

        // The model and its inputs are kept so the report can be reproduced.
        var models = app.Storage.Container(StorageNames.ModelsContainer);
        var folder = $"{network}/{round}/";
        var saved = await models.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder, CancellationToken.None).Select(b => b.Name[folder.Length..]).ToListAsync();
        Assert.Equal(["personas-input.csv", "personas-model.zip", "schools-input.csv", "schools-model.zip"], saved.Order(StringComparer.Ordinal));

        // Building again gives the same bytes and sends nothing twice.
        var reports = app.Service<ReportStore>();
        var before = (await reports.ReadAsync(new RoundKey(network, round), "schools/school-02/report.json", CancellationToken.None))!.ToArray();
        await app.Service<WorkQueue>().SendAsync(StorageNames.ProfileQueue, new ReadinessPipeline.Surveys.Rounds.BuildProfilesMessage(network, round), CancellationToken.None);
        await app.DrainedAsync(StorageNames.ProfileQueue);
        await app.DrainedAsync(StorageNames.ReportQueue);
        Assert.Equal(before, (await reports.ReadAsync(new RoundKey(network, round), "schools/school-02/report.json", CancellationToken.None))!.ToArray());
        Assert.Equal(8, app.Emails(round, "school-report").Count);

        // A coach re-sends one school's report: exactly one more email.
        var resend = await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/schools/school-02/resend", null);
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "school-report").Count == 9), because: "the re-sent report");
    }

    [Fact]
    public async Task A_report_link_expires_after_its_lifetime_and_a_re_send_mints_a_fresh_one()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 5);
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation", network).Count == 5), because: "5 invitations");
        await AnswerStaffAsync(round, (_, _) => 3);
        await AppFixture.EventuallyAsync(async () => await app.Service<ScoreStore>().CountScoredAsync(new RoundKey(network, round)) == 5, because: "5 scored");
        using var coach = app.Coach();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "school-report", network).Count == 1), timeout: TimeSpan.FromSeconds(60), because: "the school report");
        static string LinkIn(MimeKit.MimeMessage email) => System.Text.RegularExpressions.Regex.Match(email.TextBody!, @"/api/reports/([A-Za-z0-9_-]{43})").Groups[1].Value;
        var first = LinkIn(app.Emails(round, "school-report", network).Single());

        using (app.Clock.Checkpoint())
        {
            // 60 days on (the default lifetime is 90), the coach sends the report again: a new email with a new link.
            app.Clock.Advance(TimeSpan.FromDays(60));
            Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync($"api/reports/{first}")).StatusCode);
            (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/schools/school-01/resend", null)).EnsureSuccessStatusCode();
            await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "school-report", network).Count == 2), because: "the re-sent report");
            var second = LinkIn(app.Emails(round, "school-report", network).Single(m => LinkIn(m) != first));

            // 91 days after the first email: the first link has expired, the re-sent one still opens.
            app.Clock.Advance(TimeSpan.FromDays(31));
            using var expired = await app.Http.GetAsync($"api/reports/{first}");
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
            Assert.Contains("This report link has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync($"api/reports/{second}")).StatusCode);
        }
    }

    [Fact]
    public async Task Re_sending_a_report_that_was_never_built_is_404()
    {
        using var coach = app.Coach();

        var response = await coach.PostAsync("api/coach/networks/any/rounds/no-round/schools/school-01/resend", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no-report", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_report_link_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"api/reports/{new string('A', 43)}")).StatusCode);
    }
}
