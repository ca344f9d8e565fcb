using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Privacy;

/// <summary>
/// Two networks on one deployment that both run a round called "fall-2026" at schools with the same ids: every answer,
/// score, completion, email, report, model, link and status stays with its own network, and erasing one network's
/// round leaves the other's exactly as it was.
/// </summary>
public class NetworkIsolationTests(PrivacyOperationsTests.PrivacyApp app) : IClassFixture<PrivacyOperationsTests.PrivacyApp>
{
    private const string Round = "fall-2026";
    private const int Staff = 10;

    /// <summary>A network whose staff all answer the four forward-worded leadership items with <paramref name="answer"/>.</summary>
    private async Task<string> AnsweredNetworkAsync(int answer, string comment)
    {
        var network = await app.NetworkAsync(schools: 2, staffPerSchool: Staff);
        Assert.Equal(Round, await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12", mode = "anonymous" } }, reminders: [], id: Round));
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(Round, "invitation", network).Count == 2 * Staff), because: $"the invitations of {network}");
        foreach (var invite in app.Emails(Round, "invitation", network))
        {
            (await app.PostJsonAsync($"api/surveys/{CoachApp.Tokens(invite).Single()}/responses", new
            {
                submissionId = Guid.NewGuid().ToString(),
                instrument = "staff-readiness",
                version = 2,
                answers = Enumerable.Range(1, 4).ToDictionary(i => $"leadership-{i}", _ => answer),
                openText = new { strengths = comment },
            })).EnsureSuccessStatusCode();
        }

        // The same submission id through both networks' class links: one submission in each, never one answer for both.
        foreach (var team in app.Emails(Round, "design-team-links", network))
        {
            (await app.PostJsonAsync($"api/surveys/{CoachApp.Tokens(team).Single()}/responses", new
            {
                submissionId = "shared-id-0001",
                instrument = "student-sel-6-12",
                version = 2,
                answers = new Dictionary<string, int> { ["competency-1"] = answer },
            })).EnsureSuccessStatusCode();
        }

        return network;
    }

    private async Task CloseAsync(string network)
    {
        using var coach = app.Coach();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{Round}/close", null)).EnsureSuccessStatusCode();
        await AppFixture.EventuallyAsync(async () => (await app.StatusAsync(network, Round)) is var status
            && status.GetProperty("round").GetProperty("state").GetString() == "closed"
            && status.GetProperty("reports").EnumerateArray().All(r => r.GetProperty("status").GetString() == "sent"), timeout: TimeSpan.FromSeconds(60), because: $"the reports of {network}");
    }

    /// <summary>Everything stored for a network's round, as (where, key, content) lines, read through the stores' own keys.</summary>
    private async Task<SortedSet<string>> StoredAsync(string network)
    {
        var key = new RoundKey(network, Round);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (school, id) in await app.Service<SubmissionArchive>().ListRoundAsync(key, CancellationToken.None).ToListAsync())
        {
            lines.Add($"submission {school}/{id}: {(await app.Service<SubmissionArchive>().GetAsync(key, school, id, CancellationToken.None))!.Submission.Answers.Values.Sum()}");
        }

        await foreach (var row in app.Service<ScoreStore>().ReadRoundAsync(key, CancellationToken.None))
        {
            lines.Add($"score {row.SchoolId}/{row.SubmissionId}: {Convert.ToHexString(row.Answers)}");
        }

        lines.UnionWith((await app.Service<CompletionStore>().ListAsync(key, CancellationToken.None)).Select(c => $"completion {c}"));
        lines.UnionWith((await app.Service<EmailLedger>().ListAsync(key, CancellationToken.None)).Select(e => $"delivery {e.Key.RowKey}: {e.Status}"));
        foreach (var container in new[] { StorageNames.ReportsContainer, StorageNames.ModelsContainer })
        {
            await foreach (var blob in app.Storage.Container(container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, StorageKeys.Folder(key), CancellationToken.None))
            {
                lines.Add($"{container} {blob.Name}: {blob.Properties.ETag}");
            }
        }

        foreach (var table in new[] { StorageNames.LinksTable, StorageNames.ReportLinksTable })
        {
            await foreach (var row in app.Storage.Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"NetworkId eq {network}")))
            {
                lines.Add($"{table} {row.PartitionKey}: {row.GetString("RoundId")} {row.GetString("SchoolId") ?? row.GetString("Target")}");
            }
        }

        return lines;
    }

    private async Task<JsonElement> SchoolReportAsync(string network, string school) =>
        JsonDocument.Parse((await app.Service<ReportStore>().ReadAsync(new RoundKey(network, Round), $"schools/{school}/report.json", CancellationToken.None))!.ToArray()).RootElement;

    private static double? StaffLeadership(JsonElement report) => report.GetProperty("instruments").EnumerateArray()
        .Single(i => i.GetProperty("instrumentId").GetString() == "staff-readiness").GetProperty("dimensions").EnumerateArray()
        .Single(d => d.GetProperty("dimensionId").GetString() == "leadership") is var row && row.GetProperty("mean").ValueKind == JsonValueKind.Number ? row.GetProperty("mean").GetDouble() : null;

    [Fact]
    public async Task Two_networks_with_the_same_round_and_school_ids_never_share_data_and_erasing_one_leaves_the_other()
    {
        var high = await AnsweredNetworkAsync(5, "Comment only the high network wrote");
        var low = await AnsweredNetworkAsync(1, "Comment only the low network wrote");
        await CloseAsync(high);
        await CloseAsync(low);

        // Each school's report counts only its own network's ten staff: all 5s in one network, all 1s in the other.
        foreach (var school in new[] { "school-01", "school-02" })
        {
            var (highReport, lowReport) = (await SchoolReportAsync(high, school), await SchoolReportAsync(low, school));
            Assert.Equal(5.0, StaffLeadership(highReport));
            Assert.Equal(1.0, StaffLeadership(lowReport));
            Assert.All(new[] { highReport, lowReport }, report => Assert.Equal(Staff, report.GetProperty("responseRates").EnumerateArray()
                .Single(r => r.GetProperty("instrumentId").GetString() == "staff-readiness").GetProperty("responded").GetInt32()));
        }

        // Emails: each network's reports and summary once, each full report showing only its own network's comments.
        foreach (var (network, own, other) in new[] { (high, "high", "low"), (low, "low", "high") })
        {
            Assert.Equal(2, app.Emails(Round, "school-report", network).Count);
            Assert.Single(app.Emails(Round, "network-summary", network));
            var email = app.Emails(Round, "school-report", network).First();
            var link = System.Text.RegularExpressions.Regex.Match(email.TextBody!, @"/api/reports/([A-Za-z0-9_-]{43})").Groups[1].Value;
            var page = await app.Http.GetStringAsync($"api/reports/{link}");
            Assert.Contains($"Comment only the {own} network wrote", page, StringComparison.Ordinal);
            Assert.DoesNotContain($"Comment only the {other} network wrote", page, StringComparison.Ordinal);

            // Status: ten invited and ten answered per school; one class answer each, against 40 expected students.
            var status = await app.StatusAsync(network, Round);
            Assert.All(status.GetProperty("schools").EnumerateArray(), row => Assert.Equal(
                row.GetProperty("instrumentId").GetString() == "staff-readiness" ? (Staff, Staff) : (40, 1),
                (row.GetProperty("invited") is { ValueKind: JsonValueKind.Number } invited ? invited.GetInt32() : -1, row.GetProperty("responded").GetInt32())));
        }

        // Erasing the low network's round removes all of it and nothing of the high network's.
        var highBefore = await StoredAsync(high);
        var highStatus = (await app.StatusAsync(high, Round)).ToString();
        Assert.Contains(highBefore, l => l.StartsWith("submission school-01/shared-id-0001", StringComparison.Ordinal));
        Assert.NotEmpty(await StoredAsync(low));
        using (var coach = app.Coach())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await coach.DeleteAsync($"api/coach/networks/{low}/rounds/{Round}")).StatusCode);
            await AppFixture.EventuallyAsync(async () => (await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{low}/audit")).EnumerateArray().Any(e => e.GetProperty("action").GetString() == "data.delete.sweep"),
                timeout: TimeSpan.FromSeconds(30), because: "the erasure and its sweep");
        }

        Assert.Empty(await StoredAsync(low));
        Assert.Equal(highBefore, await StoredAsync(high));
        Assert.Equal(highStatus, (await app.StatusAsync(high, Round)).ToString());
        Assert.Equal(5.0, StaffLeadership(await SchoolReportAsync(high, "school-01")));
    }
}
