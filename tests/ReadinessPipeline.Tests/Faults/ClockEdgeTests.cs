using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Faults;

/// <summary>The round clock late, early, twice, and a close while answers are arriving.</summary>
public class ClockEdgeTests(CoachApp app) : IClassFixture<CoachApp>
{
    private static string State(JsonElement status) => status.GetProperty("round").GetProperty("state").GetString()!;

    private async Task<string> DraftAsync(string network, TimeSpan opensIn, TimeSpan closesIn, string[] reminders)
    {
        using var coach = app.Coach();
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Clock check",
            instruments = new object[] { new { id = "staff-readiness", mode = "confidential" } },
            opensAt = app.Clock.Now + opensIn,
            closesAt = app.Clock.Now + closesIn,
            reminders,
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_clock_that_missed_a_rounds_whole_window_does_not_open_it_afterwards()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 2);
        var round = await DraftAsync(network, TimeSpan.FromHours(1), TimeSpan.FromHours(3), []);
        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromHours(4));
        Assert.True(await app.FireTimerAsync("RoundClock"));

        Assert.Equal("draft", State(await app.StatusAsync(network, round)));
        using var coach = app.Coach();
        var open = await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/open", null);
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.Contains("which has passed; create a new round", (await open.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await app.DrainedAsync(StorageNames.InvitationQueue);
        Assert.Empty(app.Emails(round));
    }

    [Fact]
    public async Task A_clock_late_past_the_close_time_closes_once_and_sends_no_reminder()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 2);
        var round = await DraftAsync(network, TimeSpan.FromHours(1), TimeSpan.FromDays(10), ["P3D", "P7D"]);
        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.FireTimerAsync("RoundClock");
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 2), because: "the invitations");

        // The clock stops for two weeks: both reminders and the close time pass unseen. Then it fires twice at once.
        app.Clock.Advance(TimeSpan.FromDays(14));
        await Task.WhenAll(app.FireTimerAsync("RoundClock"), app.FireTimerAsync("RoundClock"));
        await AppFixture.EventuallyAsync(async () => State(await app.StatusAsync(network, round)) == "closed", timeout: TimeSpan.FromSeconds(30), because: "the round closed and built");
        await app.FireTimerAsync("RoundClock");
        await app.DrainedAsync(StorageNames.ReminderQueue);

        Assert.Empty(app.Emails(round, "reminder"));
        var audit = await app.Service<AuditLog>().ListAsync(network, 50, CancellationToken.None);
        Assert.Single(audit, e => e.Action == "round.close" && e.Target == round);
    }

    [Fact]
    public async Task Answers_arriving_while_a_round_closes_are_either_refused_or_counted_in_its_profiles()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 1);
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "student-sel-6-12", mode = "anonymous" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links").Count == 1), because: "the class link");
        var token = CoachApp.Tokens(app.Emails(round, "design-team-links").Single()).Single();

        // Six devices send answers one after another until they are told the survey has closed.
        var accepted = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        async Task DeviceAsync()
        {
            while (true)
            {
                var id = Guid.NewGuid().ToString();
                var response = await app.PostJsonAsync($"api/surveys/{token}/responses", CoachApp.StudentAnswer(id));
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(id);
                }
                else
                {
                    return;
                }
            }
        }

        var devices = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => DeviceAsync()));
        await AppFixture.EventuallyAsync(() => Task.FromResult(accepted.Count >= 30), because: "answers flowing");
        using var coach = app.Coach();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        await devices;
        await AppFixture.EventuallyAsync(async () => State(await app.StatusAsync(network, round)) == "closed", timeout: TimeSpan.FromSeconds(30), because: "the profiles");

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"unexpected {s}"));
        var scored = await app.Service<ScoreStore>().ScoredIdsAsync(new RoundKey(network, round));
        Assert.Equal(accepted.Order(StringComparer.Ordinal), scored.Order(StringComparer.Ordinal));
        var trends = (await app.Service<ReportStore>().ReadAsync(new RoundKey(network, round), "aggregates.json", CancellationToken.None))!.ToObjectFromJson<TrendData>(PipelineJson.Options)!;
        Assert.Equal(accepted.Count, trends.Groups.Single(g => g.SchoolId == "school-01" && g.InstrumentId == "student-sel-6-12").Respondents);
    }
}
