using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Faults;

/// <summary>
/// The app process killed outright while it sends invitations and while it takes and scores answers, then started
/// again over the same storage: every email goes out once with a working link, every acknowledged answer is scored once.
/// </summary>
public sealed class KilledWorkerTests : IAsyncLifetime
{
    private const string Key = "kill-test-coach-key";
    private const int Schools = 4;
    private const int StaffPerSchool = 80;

    private readonly string _outbox = Directory.CreateTempSubdirectory("outbox-").FullName;
    private readonly Dictionary<string, string> _settings = [];
    private string _connection = "";

    public async Task InitializeAsync()
    {
        _connection = await TestAzurite.NewAccountAsync();
        _settings["AzureWebJobsStorage"] = _connection;
        _settings["Email:OutboxDirectory"] = _outbox;
        _settings["Email:MaxAttempts"] = "1";
        _settings["Email:ClaimTimeout"] = "00:00:02";
        _settings["Coach:KeyHashes:0"] = $"kill-test:{CoachApp.Hash(Key)}:*";
        _settings["App:PublicUrl"] = "http://surveys.example.test/";
        _settings["Profiles:DelayMarginSeconds"] = "0";
        _settings["LocalTriggers:ProcessingLease"] = "00:00:03";
        _settings["LocalTriggers:RunTimers"] = "false";
        _settings["LocalTriggers:AppDirectory"] = AppFixture.AppFolderWithQueues(maxDequeueCount: 5, visibilityTimeout: TimeSpan.FromSeconds(1));
        _settings["Logging:LogLevel:Default"] = "Warning";

        // The clients here are many people behind one address, each sending as fast as it can: the per-client limit
        // is not what this test is about.
        _settings["Intake:SubmissionBurst"] = "100000";
        _settings["Intake:SubmissionsPerMinute"] = "100000";
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outbox, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Invitations_interrupted_by_a_kill_are_each_sent_once_after_a_restart()
    {
        string network, round;
        int atKill;
        await using (var first = await AppProcess.StartAsync(_settings, TestAzurite.FreePort()))
        {
            using var coach = Coach(first);
            network = await NetworkAsync(coach);
            round = await OpenRoundAsync(coach, network);
            await AppFixture.EventuallyAsync(() => Task.FromResult(Directory.GetFiles(_outbox).Length >= 40), because: $"the first invitations\n{first.Output}");
            first.Kill();
            atKill = Directory.GetFiles(_outbox).Length;
        }

        Assert.True(atKill < Schools * StaffPerSchool, $"the kill came mid-send ({atKill} emails out)");

        await using var second = await AppProcess.StartAsync(_settings, TestAzurite.FreePort());
        using var client = Coach(second);
        await AppFixture.EventuallyAsync(async () =>
        {
            var emails = await EmailCountsAsync(client, network, round);
            return emails.GetValueOrDefault("invitation").Sent == Schools * StaffPerSchool && emails.GetValueOrDefault("design-team-links").Sent == Schools;
        }, timeout: TimeSpan.FromSeconds(90), because: $"all invitations sent after the restart\n{second.Output}");

        var counts = await EmailCountsAsync(client, network, round);
        Assert.Equal((0, 0), (counts["invitation"].Sending, counts["invitation"].Failed));
        var invitations = Directory.GetFiles(_outbox, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => m.Headers["X-Readiness-Kind"] == "invitation").ToList();
        var recipients = invitations.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(Schools * StaffPerSchool, recipients.Count);
        Assert.Equal(recipients.Count, recipients.Distinct(StringComparer.Ordinal).Count());

        // Every link in the outbox works, including those of emails written again after the kill.
        var pages = await Task.WhenAll(invitations.Select(m => second.BaseAddress + $"api/surveys/{CoachApp.Tokens(m).Single()}").Select(async url =>
        {
            using var http = new HttpClient();
            return (await http.GetAsync(url)).StatusCode;
        }));
        Assert.All(pages, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Answers_acknowledged_before_a_kill_are_stored_and_scored_once_after_a_restart()
    {
        var port = TestAzurite.FreePort();
        var first = await AppProcess.StartAsync(_settings, port);
        using var coach = Coach(first);
        var network = await NetworkAsync(coach, staffPerSchool: 1, schools: 1);
        var round = await OpenRoundAsync(coach, network);
        await AppFixture.EventuallyAsync(() => Task.FromResult(DesignTeamEmail() is not null), because: "the design team's links");
        var token = CoachApp.Tokens(DesignTeamEmail()!).First();

        // Four students' devices send 50 answers each, retrying (same submission id) whatever got no answer.
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString()).ToList();
        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        // Once a quarter is acknowledged the devices hold their next answer until the kill, so it always lands mid-stream.
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task DeviceAsync(IEnumerable<string> mine)
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            foreach (var id in mine)
            {
                if (acknowledged.Count >= 50)
                {
                    await killed.Task;
                }

                while (true)
                {
                    try
                    {
                        var response = await http.PostAsJsonAsync($"api/surveys/{token}/responses", CoachApp.StudentAnswer(id));
                        statuses.Add(response.StatusCode);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            acknowledged.Add(id);
                            break;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }

                    await Task.Delay(100);
                }
            }
        }

        var devices = Task.WhenAll(ids.Chunk(50).Select(DeviceAsync));
        await AppFixture.EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 50), because: "a quarter of the answers");
        first.Kill();
        var atKill = acknowledged.Count;
        killed.SetResult();
        await first.DisposeAsync();

        // The same address again, as behind a load balancer: the devices' retries reach the new process.
        await using var second = await AppProcess.StartAsync(_settings, port);
        await devices;

        Assert.True(atKill < ids.Count, "the kill came mid-stream");
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"unexpected {s}"));
        Assert.Equal(ids.Order(), acknowledged.Order());
        var storage = StorageAccount.FromConnectionString(_connection);
        var key = new RoundKey(network, round);
        Assert.Equal(ids.Order(), (await new SubmissionArchive(storage).SubmissionIdsAsync(key)).Order());
        var scores = new ScoreStore(storage);
        await AppFixture.EventuallyAsync(async () => (await scores.ScoredIdsAsync(key)).Count == ids.Count,
            timeout: TimeSpan.FromSeconds(60), because: $"every answer scored\n{second.Output}");
        Assert.Equal(ids.Order(), (await scores.ScoredIdsAsync(key)).Order());
        Assert.Equal(4.5, (await scores.GetAsync(key, "school-01", ids[^1], CancellationToken.None))!.GetDouble("score_competency"));
    }

    private MimeMessage? DesignTeamEmail() =>
        Directory.GetFiles(_outbox, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.Headers["X-Readiness-Kind"] == "design-team-links");

    private static HttpClient Coach(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Coach-Key", Key);
        return client;
    }

    private static async Task<string> NetworkAsync(HttpClient coach, int schools = Schools, int staffPerSchool = StaffPerSchool)
    {
        var id = "net-" + Guid.NewGuid().ToString("N")[..10];
        (await coach.PostAsJsonAsync("api/coach/networks", new { id, name = "Kill test network" })).EnsureSuccessStatusCode();
        var schoolCsv = new StringBuilder("school_id,name,district,grade_span,design_team_emails\n");
        var rosterCsv = new StringBuilder("school_id,email,role\n");
        for (var s = 1; s <= schools; s++)
        {
            schoolCsv.Append(CultureInfo.InvariantCulture, $"school-{s:00},School {s:00},District A,6-8,team{s}@district.example\n");
            for (var p = 1; p <= staffPerSchool; p++)
            {
                rosterCsv.Append(CultureInfo.InvariantCulture, $"school-{s:00},teacher{p}.s{s}@district.example,teacher\n");
            }
        }

        (await coach.PutAsync($"api/coach/networks/{id}/schools", new StringContent(schoolCsv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await coach.PutAsync($"api/coach/networks/{id}/roster", new StringContent(rosterCsv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<string> OpenRoundAsync(HttpClient coach, string network)
    {
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Winter readiness check",
            instruments = new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12", mode = "anonymous" } },
            opensAt = DateTimeOffset.UtcNow.AddDays(1),
            closesAt = DateTimeOffset.UtcNow.AddDays(15),
            reminders = Array.Empty<string>(),
        });
        created.EnsureSuccessStatusCode();
        var round = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/open", null)).EnsureSuccessStatusCode();
        return round;
    }

    private static async Task<Dictionary<string, (int Sent, int Sending, int Failed)>> EmailCountsAsync(HttpClient coach, string network, string round)
    {
        var status = await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/rounds/{round}");
        return status.GetProperty("emails").EnumerateArray().ToDictionary(
            e => e.GetProperty("kind").GetString()!,
            e => (e.GetProperty("sent").GetInt32(), e.GetProperty("sending").GetInt32(), e.GetProperty("failed").GetInt32()));
    }
}
