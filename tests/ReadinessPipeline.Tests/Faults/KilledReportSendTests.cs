using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Tests.Email;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Faults;

/// <summary>
/// The worker sending a school's report is killed after it claimed the report in the ledger and while SendGrid has the
/// email but has not accepted it. The queue hands the message to a new worker before the dead worker's claim times out;
/// the report is still delivered, once, after the claim can be taken over.
/// </summary>
public sealed class KilledReportSendTests : IAsyncLifetime
{
    private const string Key = "report-kill-coach-key";
    private readonly Dictionary<string, string> _settings = [];
    private FakeSendGrid _sendGrid = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await FakeSendGrid.StartAsync(TimeProvider.System);
        _settings["AzureWebJobsStorage"] = await TestAzurite.NewAccountAsync();
        _settings["Email:SendGridApiKey"] = "SG.test-key";
        _settings["Email:SendGridHost"] = _sendGrid.Host;
        _settings["Email:From"] = "readiness@network.example";
        _settings["Email:MaxAttempts"] = "1";

        // Longer than the queue takes to hand the message out again (its lease, plus a start), so the new worker finds
        // the dead worker's claim still standing.
        _settings["Email:ClaimTimeout"] = "00:00:08";
        _settings["Coach:KeyHashes:0"] = $"report-kill:{CoachApp.Hash(Key)}:*";
        _settings["App:PublicUrl"] = "http://surveys.example.test/";
        _settings["Profiles:DelayMarginSeconds"] = "0";
        _settings["LocalTriggers:ProcessingLease"] = "00:00:03";
        _settings["LocalTriggers:RunTimers"] = "false";
        _settings["Logging:LogLevel:Default"] = "Warning";
    }

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    private static bool IsSchoolReport(FakeSendGrid.CapturedRequest request) => request.Body.Contains("\"school-report\"", StringComparison.Ordinal);

    [Fact]
    public async Task A_report_whose_worker_died_between_claim_and_send_is_delivered_once_later()
    {
        var port = TestAzurite.FreePort();
        var held = _sendGrid.HoldNext(IsSchoolReport);
        string network, round;
        await using (var first = await AppProcess.StartAsync(_settings, port))
        {
            using var coach = Coach(first);
            network = await NetworkAsync(coach);
            round = await ClosedRoundAsync(coach, network);
            await held.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill();
        }

        await using var second = await AppProcess.StartAsync(_settings, port);
        using var client = Coach(second);
        await AppFixture.EventuallyAsync(async () => await ReportStatusAsync(client, network, round) == "sent",
            timeout: TimeSpan.FromSeconds(60), because: $"the report sent by the new worker\n{second.Output}");

        var reports = _sendGrid.Requests.Where(IsSchoolReport).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal(reports[0].Json["personalizations"]![0]!["custom_args"]!["delivery"]!.GetValue<string>(), reports[1].Json["personalizations"]![0]!["custom_args"]!["delivery"]!.GetValue<string>());
        var emails = (await client.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/rounds/{round}")).GetProperty("emails").EnumerateArray()
            .Single(e => e.GetProperty("kind").GetString() == "report");
        Assert.Equal((1, 0, 0), (emails.GetProperty("sent").GetInt32(), emails.GetProperty("sending").GetInt32(), emails.GetProperty("failed").GetInt32()));
    }

    private static HttpClient Coach(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Coach-Key", Key);
        return client;
    }

    private static async Task<string> NetworkAsync(HttpClient coach)
    {
        var id = "net-" + Guid.NewGuid().ToString("N")[..10];
        (await coach.PostAsJsonAsync("api/coach/networks", new { id, name = "Report kill network" })).EnsureSuccessStatusCode();
        var schools = string.Create(CultureInfo.InvariantCulture, $"school_id,name,district,grade_span,design_team_emails\nschool-01,School 01,District A,6-8,team1@district.example\n");
        (await coach.PutAsync($"api/coach/networks/{id}/schools", new StringContent(schools, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A student-only round, opened and closed at once: its profiles are built and its report queued.</summary>
    private static async Task<string> ClosedRoundAsync(HttpClient coach, string network)
    {
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Spring readiness check",
            instruments = new object[] { new { id = "student-sel-6-12", mode = "anonymous" } },
            opensAt = DateTimeOffset.UtcNow.AddDays(1),
            closesAt = DateTimeOffset.UtcNow.AddDays(15),
            reminders = Array.Empty<string>(),
        });
        created.EnsureSuccessStatusCode();
        var round = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/open", null)).EnsureSuccessStatusCode();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        return round;
    }

    private static async Task<string?> ReportStatusAsync(HttpClient coach, string network, string round) =>
        (await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/rounds/{round}")).GetProperty("reports").EnumerateArray()
            .Single(r => r.GetProperty("target").GetString() == "school-01").GetProperty("status").GetString();
}
