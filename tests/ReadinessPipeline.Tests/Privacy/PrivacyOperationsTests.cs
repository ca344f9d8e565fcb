using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Privacy;

/// <summary>Deletion on request, retention and the audit log, checked against everything left in storage.</summary>
public class PrivacyOperationsTests(PrivacyOperationsTests.PrivacyApp app) : IClassFixture<PrivacyOperationsTests.PrivacyApp>
{
    private async Task<JsonElement> DryRunAsync(string path)
    {
        using var coach = app.Coach();
        var response = await coach.DeleteAsync(path + "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> AuditAsync(string network)
    {
        using var coach = app.Coach();
        return [.. (await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/audit")).EnumerateArray()];
    }

    private async Task EraseAsync(string network, string path)
    {
        using var coach = app.Coach();
        Assert.Equal(HttpStatusCode.Accepted, (await coach.DeleteAsync(path)).StatusCode);
        await AppFixture.EventuallyAsync(async () => (await AuditAsync(network)).Any(e => e.GetProperty("action").GetString() == "data.delete.sweep"), timeout: TimeSpan.FromSeconds(30), because: "the erasure and its sweep");
    }

    [Fact]
    public async Task In_a_confidential_round_answers_are_stored_without_the_persons_email_or_roster_key()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 5, schoolPrefix: "minimal");
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 5), because: "the invitations");
        foreach (var invite in app.Emails(round, "invitation"))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(invite).Single())).StatusCode);
        }

        using (var coach = app.Coach())
        {
            (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        }

        await AppFixture.EventuallyAsync(async () => (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString() == "closed", timeout: TimeSpan.FromSeconds(30), because: "the profiles");
        var emails = app.Emails(round, "invitation").Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(5, await app.Service<ScoreStore>().CountScoredAsync(new RoundKey(network, round)));

        foreach (var email in emails)
        {
            // Emails live in the roster only, and nowhere else: not in answers, scores, reports, models or links.
            Assert.Equal([$"table {StorageNames.RosterTable}: {network} / minimal-01|{ReadinessPipeline.Surveys.Networks.RosterKeys.For(network, email)}"],
                await StorageInventory.FindAsync(app.Storage, email, contents: true, StorageNames.SchoolsTable, StorageNames.NetworksTable));

            // The roster key marks who answered and who was emailed; the answers never carry it.
            var key = ReadinessPipeline.Surveys.Networks.RosterKeys.For(network, email);
            Assert.Empty(await StorageInventory.FindAsync(app.Storage, key, contents: true, StorageNames.RosterTable, StorageNames.CompletionsTable, StorageNames.DeliveriesTable, StorageNames.LinksTable));
        }
    }

    [Fact]
    public async Task Erasing_a_school_removes_every_trace_of_it_and_leaves_the_other_schools()
    {
        var prefix = "e" + Guid.NewGuid().ToString("N")[..6];
        var (erased, kept, other) = ($"{prefix}-02", $"{prefix}-01", $"{prefix}-03");
        var (network, round) = await app.ProfiledRoundAsync(schools: 3, staffPerSchool: 6, studentsPerSchool: 6, schoolPrefix: prefix);
        var key = new RoundKey(network, round);
        var erasedSubmission = (await app.Service<ScoreStore>().ReadRoundAsync(key, CancellationToken.None).ToListAsync()).First(r => r.SchoolId == erased).SubmissionId;
        Assert.NotEmpty(await StorageInventory.FindAsync(app.Storage, erased, StorageNames.AuditTable, StorageNames.AuditContainer));

        var plan = await DryRunAsync($"api/coach/networks/{network}/schools/{erased}");
        var items = plan.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("what").GetString()!, i => i.GetProperty("count").GetInt32());
        Assert.Equal(12, items["raw submissions"]);
        Assert.Equal(12, items["respondent scores and comments"]);
        Assert.Equal(6, items["completion records"]);
        Assert.Equal(6, items["roster people (emails)"]);
        Assert.Equal(1, items["schools"]);
        Assert.NotEmpty(await StorageInventory.FindAsync(app.Storage, erased, StorageNames.AuditTable, StorageNames.AuditContainer));

        await EraseAsync(network, $"api/coach/networks/{network}/schools/{erased}");

        Assert.Empty(await StorageInventory.FindAsync(app.Storage, erased, StorageNames.AuditTable, StorageNames.AuditContainer));
        Assert.Equal(12, (await app.Service<ScoreStore>().ReadRoundAsync(key, CancellationToken.None).ToListAsync()).Count(r => r.SchoolId == kept));
        Assert.NotNull(await app.Service<ReportStore>().ReadAsync(key, $"schools/{kept}/report.html", CancellationToken.None));
        var trends = (await app.Service<ReportStore>().ReadAsync(key, "aggregates.json", CancellationToken.None))!.ToObjectFromJson<TrendData>(PipelineJson.Options)!;
        Assert.DoesNotContain(trends.Groups, g => g.SchoolId == erased);
        Assert.Contains(trends.Groups, g => g.SchoolId == other);

        // Idempotent: nothing left to erase. A scoring message for an erased submission brings nothing back.
        Assert.Equal(0, (await DryRunAsync($"api/coach/networks/{network}/schools/{erased}")).GetProperty("total").GetInt32());
        await app.Service<WorkQueue>().SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(network, round, erased, erasedSubmission), CancellationToken.None);
        await app.DrainedAsync(StorageNames.ScoreQueue);
        Assert.Null(await app.Service<ScoreStore>().GetAsync(key, erased, erasedSubmission, CancellationToken.None));

        var audit = await AuditAsync(network);
        var deletion = audit.First(e => e.GetProperty("action").GetString() == "data.delete");
        Assert.Equal("test-coach", deletion.GetProperty("actor").GetString());
        Assert.Contains("12 raw submissions", deletion.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "data.delete.dry-run");
    }

    [Fact]
    public async Task Erasing_a_round_removes_it_entirely_and_keeps_the_network()
    {
        var (network, round) = await app.ProfiledRoundAsync(schools: 2, staffPerSchool: 5, studentsPerSchool: 5);

        await EraseAsync(network, $"api/coach/networks/{network}/rounds/{round}");

        Assert.Empty(await StorageInventory.FindAsync(app.Storage, round, StorageNames.AuditTable, StorageNames.AuditContainer));
        Assert.NotNull(await app.Service<NetworkStore>().GetNetworkAsync(network, CancellationToken.None));
        Assert.Equal(2, (await app.Service<NetworkStore>().ListSchoolsAsync(network, CancellationToken.None)).Count);
        using var coach = app.Coach();
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync($"api/coach/networks/{network}/rounds/{round}")).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_network_leaves_only_its_audit_log_which_holds_no_addresses()
    {
        var (network, _) = await app.ProfiledRoundAsync(schools: 2, staffPerSchool: 5, studentsPerSchool: 0);

        await EraseAsync(network, $"api/coach/networks/{network}");

        Assert.Empty(await StorageInventory.FindAsync(app.Storage, network, StorageNames.AuditTable, StorageNames.AuditContainer));
        var audit = await AuditAsync(network);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "schools.import");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "round.close");
        Assert.DoesNotContain(audit, e => e.ToString().Contains('@', StringComparison.Ordinal));

        // The append-only copy (one JSON line per entry, per network and month) survives the erasure and holds the
        // same entries as the log the API reads, oldest first.
        var lines = new List<JsonElement>();
        await foreach (var blob in app.Storage.Container(StorageNames.AuditContainer).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{network}/", CancellationToken.None))
        {
            Assert.Matches($"^{network}/\\d{{4}}-\\d{{2}}\\.jsonl$", blob.Name);
            Assert.Equal(Azure.Storage.Blobs.Models.BlobType.Append, blob.Properties.BlobType);
            var text = (await app.Storage.Container(StorageNames.AuditContainer).GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            Assert.DoesNotContain("@", text, StringComparison.Ordinal);
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement));
        }

        static string Line(JsonElement e) =>
            $"{e.GetProperty("at").GetDateTimeOffset():O} {e.GetProperty("actor")} {e.GetProperty("action")} {e.GetProperty("target")} {e.GetProperty("details")}";
        Assert.Equal(audit.Select(Line).Order(StringComparer.Ordinal), lines.Select(Line).Order(StringComparer.Ordinal));
        Assert.Contains(lines, e => e.GetProperty("action").GetString() == "data.delete");
    }

    [Fact]
    public async Task Retention_purges_old_rounds_keeps_suppressed_trends_and_drops_rosters_no_round_needs()
    {
        var (network, round) = await app.ProfiledRoundAsync(schools: 2, staffPerSchool: 6, studentsPerSchool: 3);
        using var putBack = app.Clock.Checkpoint();
        using var coach = app.Coach();
        (await coach.PatchAsJsonAsync($"api/coach/networks/{network}", new { retentionDays = 30, keepTrends = true })).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(29));
        await app.FireTimerAsync("RetentionSweep");
        var key = new RoundKey(network, round);
        Assert.NotEmpty(await app.Service<ScoreStore>().ReadRoundAsync(key, CancellationToken.None).ToListAsync());

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await app.FireTimerAsync("RetentionSweep"));

        Assert.Empty(await app.Service<ScoreStore>().ReadRoundAsync(key, CancellationToken.None).ToListAsync());
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(key));
        Assert.Null(await app.Service<ReportStore>().ReadAsync(key, "schools/school-01/report.html", CancellationToken.None));
        var kept = (await app.Service<ReportStore>().ReadAsync(key, "aggregates.json", CancellationToken.None))!.ToObjectFromJson<TrendData>(PipelineJson.Options)!;
        Assert.Contains(kept.Groups, g => g.InstrumentId == "staff-readiness" && g.Respondents == 6);
        Assert.DoesNotContain(kept.Groups, g => g.Respondents < 5);
        var stored = (await app.Service<RoundStore>().GetAsync(network, round, CancellationToken.None))!.Round;
        Assert.NotNull(stored.PurgedAt);
        Assert.Empty(await app.Service<NetworkStore>().ListRosterAsync(network, null, CancellationToken.None));
        Assert.Contains(await AuditAsync(network), e => e.GetProperty("action").GetString() == "retention.purge" && e.GetProperty("actor").GetString() == "system:retention");
    }

    [Fact]
    public async Task Retention_purges_by_dates_a_draft_whose_window_passed_and_a_round_stuck_in_closing()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 3);
        using var putBack = app.Clock.Checkpoint();
        using var coach = app.Coach();
        (await coach.PatchAsJsonAsync($"api/coach/networks/{network}", new { retentionDays = 30 })).EnsureSuccessStatusCode();

        // A Draft nobody opened, whose window is long over.
        var draft = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Never opened",
            instruments = new object[] { new { id = "staff-readiness", mode = "confidential" } },
            opensAt = app.Clock.Now.AddDays(1),
            closesAt = app.Clock.Now.AddDays(2),
        });
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // A round whose close began but whose profiles were never built (its worker died, the message was lost).
        var stuck = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(stuck, "invitation").Count == 3), because: "the invitations");
        foreach (var invite in app.Emails(stuck, "invitation"))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(invite).Single())).StatusCode);
        }

        var key = new RoundKey(network, stuck);
        await AppFixture.EventuallyAsync(async () => await app.Service<ScoreStore>().CountScoredAsync(key) == 3, because: "the scores");
        var rounds = app.Service<RoundStore>();
        var open = (await rounds.GetAsync(network, stuck, CancellationToken.None))!;
        Assert.NotNull(await rounds.TryReplaceAsync(open, open.Round with { State = RoundState.Closing, ClosingAt = app.Clock.Now, ClosesAt = app.Clock.Now, ProfilesRequestedAt = app.Clock.Now }, CancellationToken.None));

        app.Clock.Advance(TimeSpan.FromDays(33));
        Assert.True(await app.FireTimerAsync("RetentionSweep"));

        Assert.NotNull((await rounds.GetAsync(network, draftId, CancellationToken.None))!.Round.PurgedAt);
        var purged = (await rounds.GetAsync(network, stuck, CancellationToken.None))!.Round;
        Assert.Equal((RoundState.Closing, true), (purged.State, purged.PurgedAt is not null));
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(key));
        Assert.Equal(0, await app.Service<ScoreStore>().CountScoredAsync(key));
        Assert.Empty(await app.Service<CompletionStore>().ListAsync(key, CancellationToken.None));
        Assert.Empty(await StorageInventory.FindAsync(app.Storage, stuck, StorageNames.AuditTable, StorageNames.AuditContainer, StorageNames.RoundsTable));
        Assert.Empty(await app.Service<NetworkStore>().ListRosterAsync(network, null, CancellationToken.None));
        Assert.Equal(2, (await AuditAsync(network)).Count(e => e.GetProperty("action").GetString() == "retention.purge"));
    }

    [Fact]
    public async Task Exports_and_report_resends_are_audited_with_the_key_that_asked()
    {
        var (network, round) = await app.ProfiledRoundAsync(schools: 1, staffPerSchool: 5, studentsPerSchool: 0);
        using var coach = app.Coach(CoachApp.RotatedKey);

        var export = await coach.GetAsync($"api/coach/networks/{network}/rounds/{round}/export");
        await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/schools/school-01/resend", null);

        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var audit = await AuditAsync(network);
        Assert.Equal("rotated", audit.First(e => e.GetProperty("action").GetString() == "data.export").GetProperty("actor").GetString());
        Assert.Equal("rotated", audit.First(e => e.GetProperty("action").GetString() == "report.resend").GetProperty("actor").GetString());
        Assert.True(audit[0].GetProperty("at").GetDateTimeOffset() >= audit[^1].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Logs_and_traces_never_hold_an_email_address_a_comment_or_a_token()
    {
        var (network, round) = await app.ProfiledRoundAsync(schools: 2, staffPerSchool: 5, studentsPerSchool: 2);
        var emails = (await app.Service<NetworkStore>().ListRosterAsync(network, null, CancellationToken.None)).Select(p => p.Email).ToList();
        var tokens = app.Emails(round).SelectMany(CoachApp.Tokens).ToList();

        var logged = app.Logs.Entries.SelectMany(e => e.State.Select(kv => kv.Value?.ToString() ?? "").Append(e.Message).Append(e.Exception?.ToString() ?? "")).ToList();

        Assert.NotEmpty(emails);
        Assert.NotEmpty(tokens);
        Assert.DoesNotContain(logged, l => emails.Any(e => l.Contains(e, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(logged, l => l.Contains("Private comment", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => tokens.Any(t => l.Contains(t, StringComparison.Ordinal)));
    }

    /// <summary>The coach app with the erasure's follow-up sweep running at once.</summary>
    public sealed class PrivacyApp : CoachApp
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["Privacy:ErasureSweepMinutes"] = "0";
        }
    }
}
