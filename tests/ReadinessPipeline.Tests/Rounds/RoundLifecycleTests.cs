using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>A coach's round from import to close, through the real HTTP surface, queues and the .eml outbox.</summary>
public class RoundLifecycleTests(RoundLifecycleTests.HeldProfilesApp app) : IClassFixture<RoundLifecycleTests.HeldProfilesApp>
{
    /// <summary>
    /// The app with every profile-building message held for an hour: these tests count the messages a close sends, and
    /// the local runner taking one (it would, two seconds after the close) would make that count a race.
    /// </summary>
    public sealed class HeldProfilesApp : CoachApp
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["Profiles:DelayMarginSeconds"] = "3600";
        }
    }

    private static JsonElement Row(JsonElement status, string school, string instrument) =>
        status.GetProperty("schools").EnumerateArray().Single(r => r.GetProperty("schoolId").GetString() == school && r.GetProperty("instrumentId").GetString() == instrument);

    [Fact]
    public async Task Twelve_schools_from_import_to_close_with_invitations_rates_reminders_and_one_profile_message()
    {
        var network = await app.NetworkAsync(schools: 12, staffPerSchool: 3);
        var round = await app.OpenRoundAsync(network);

        // Invitations: a personal link for each of 36 staff, and one email per design team with the shared student links.
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round).Count == 36 + 12), because: "48 invitations in the outbox");
        var staffInvites = app.Emails(round, "invitation");
        Assert.Equal(36, staffInvites.Count);
        Assert.All(staffInvites, m => Assert.Single(m.To));
        var designTeam = app.Emails(round, "design-team-links").First(m => m.Headers["X-Readiness-School"] == "school-01");
        Assert.Equal(["lead1@district.example", "team1@district.example"], designTeam.To.Mailboxes.Select(a => a.Address).Order());
        Assert.Equal(2, CoachApp.Tokens(designTeam).Count());
        Assert.Contains("/api/preview/student-sel-3-5", designTeam.TextBody, StringComparison.Ordinal);

        var status = await app.StatusAsync(network, round);
        Assert.Equal("open", status.GetProperty("round").GetProperty("state").GetString());
        Assert.Equal((3, 0), (Row(status, "school-01", "staff-readiness").GetProperty("invited").GetInt32(), Row(status, "school-01", "staff-readiness").GetProperty("responded").GetInt32()));

        // Two of school-01's three staff answer; one student answers on the shared link.
        var school1Staff = staffInvites.Where(m => m.Headers["X-Readiness-School"] == "school-01").ToList();
        var answered = school1Staff.Take(2).ToList();
        foreach (var invite in answered)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(invite).Single())).StatusCode);
        }

        var studentToken = CoachApp.Tokens(designTeam).First();
        Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(studentToken, "student-sel-3-5")).StatusCode);

        status = await app.StatusAsync(network, round);
        var staffRow = Row(status, "school-01", "staff-readiness");
        Assert.Equal((3, 2), (staffRow.GetProperty("invited").GetInt32(), staffRow.GetProperty("responded").GetInt32()));
        Assert.Equal(2.0 / 3.0, staffRow.GetProperty("responseRate").GetDouble(), 10);
        var network36 = status.GetProperty("network").EnumerateArray().Single(r => r.GetProperty("instrumentId").GetString() == "staff-readiness");
        Assert.Equal((36, 2), (network36.GetProperty("invited").GetInt32(), network36.GetProperty("responded").GetInt32()));
        await AppFixture.EventuallyAsync(async () => Row(await app.StatusAsync(network, round), "school-01", "student-sel-3-5").GetProperty("responded").GetInt32() == 1, because: "the scored student answer");
        Assert.Equal(JsonValueKind.Null, Row(status, "school-01", "student-sel-3-5").GetProperty("invited").ValueKind);

        // Three days later the clock queues the first reminder: only the 34 non-respondents get it, once.
        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromDays(3.1));
        Assert.True(await app.FireTimerAsync("RoundClock"));
        Assert.True(await app.FireTimerAsync("RoundClock"));
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "reminder").Count == 34), because: "34 reminders");
        await app.DrainedAsync(StorageNames.ReminderQueue);
        var reminders = app.Emails(round, "reminder");
        Assert.Equal(34, reminders.Count);
        var answeredAddresses = answered.Select(m => m.To.Mailboxes.Single().Address).ToHashSet();
        Assert.DoesNotContain(reminders, m => answeredAddresses.Contains(m.To.Mailboxes.Single().Address));
        Assert.Equal(34, reminders.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());

        // A reminder's fresh link works; the old invitation link of the same person is then "used".
        var remindedInvite = school1Staff.Except(answered).Single();
        var reminder = reminders.Single(m => m.To.Mailboxes.Single().Address == remindedInvite.To.Mailboxes.Single().Address);
        Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(reminder).Single())).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await app.AnswerAsync(CoachApp.Tokens(remindedInvite).Single())).StatusCode);

        // Close now: Closing, exactly one profile-building message; answers after that are refused with 409.
        using var coach = app.Coach();
        var profiles = app.Storage.Queue(StorageNames.ProfileQueue);
        var queuedBefore = (await profiles.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var closed = await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        status = await app.StatusAsync(network, round);
        Assert.Equal("closing", status.GetProperty("round").GetProperty("state").GetString());
        Assert.Equal(queuedBefore + 1, (await profiles.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var unused = staffInvites.First(m => m.Headers["X-Readiness-School"] == "school-02");
        var late = await app.AnswerAsync(CoachApp.Tokens(unused).Single());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("round-closed", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var page = await app.Http.GetAsync($"api/surveys/{studentToken}");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("This survey has closed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The second reminder never goes out: the round has closed.
        app.Clock.Advance(TimeSpan.FromDays(5));
        await app.FireTimerAsync("RoundClock");
        await app.DrainedAsync(StorageNames.ReminderQueue);
        Assert.Equal(34, app.Emails(round, "reminder").Count);
    }

    [Fact]
    public async Task Two_concurrent_closes_make_one_Closing_transition_and_one_profile_message()
    {
        var network = await app.NetworkAsync(schools: 2);
        var round = await app.OpenRoundAsync(network);
        using var first = app.Coach();
        using var second = app.Coach(CoachApp.RotatedKey);
        var queue = app.Storage.Queue(StorageNames.ProfileQueue);
        var before = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        var answers = await Task.WhenAll(
            first.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null),
            second.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var refused = await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid-transition", refused.GetProperty("code").GetString());
        Assert.Equal(before + 1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task The_close_timer_firing_twice_at_once_closes_once()
    {
        var network = await app.NetworkAsync(schools: 1);
        var round = await app.OpenRoundAsync(network, reminders: []);
        var queue = app.Storage.Queue(StorageNames.ProfileQueue);
        var before = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromDays(16));

        await Task.WhenAll(app.FireTimerAsync("RoundClock"), app.FireTimerAsync("RoundClock"));

        Assert.Equal("closing", (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString());
        Assert.Equal(before + 1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_reminder_slot_fired_twice_at_once_reminds_each_person_once()
    {
        var network = await app.NetworkAsync(schools: 2, staffPerSchool: 4);
        var round = await app.OpenRoundAsync(network, reminders: ["P2D"]);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 8), because: "8 invitations");
        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromDays(2.5));

        await Task.WhenAll(app.FireTimerAsync("RoundClock"), app.FireTimerAsync("RoundClock"), app.FireTimerAsync("RoundClock"));

        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "reminder").Count == 8), because: "8 reminders");
        await app.DrainedAsync(StorageNames.ReminderQueue);
        Assert.Equal(8, app.Emails(round, "reminder").Count);
    }

    [Theory]
    [InlineData("open", "is Open; only a Draft round can be opened")]
    public async Task An_invalid_transition_gets_409_with_a_clear_message(string verb, string message)
    {
        var network = await app.NetworkAsync(schools: 1);
        var round = await app.OpenRoundAsync(network);
        using var coach = app.Coach();

        var response = await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/{verb}", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_draft_round_is_refused()
    {
        var network = await app.NetworkAsync(schools: 1);
        using var coach = app.Coach();
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Spring",
            instruments = new[] { new { id = "staff-readiness" } },
            opensAt = app.Clock.Now.AddDays(3),
            closesAt = app.Clock.Now.AddDays(10),
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var response = await coach.PostAsync($"api/coach/networks/{network}/rounds/{id}/close", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("still a Draft", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_round_opens_by_itself_at_its_opening_time()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 2);
        using var coach = app.Coach();
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name = "Scheduled",
            instruments = new[] { new { id = "staff-readiness" } },
            opensAt = app.Clock.Now.AddHours(2),
            closesAt = app.Clock.Now.AddDays(10),
        });
        var round = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await app.FireTimerAsync("RoundClock");
        Assert.Equal("draft", (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString());

        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.FireTimerAsync("RoundClock");

        Assert.Equal("open", (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString());
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 2), because: "2 invitations");
    }
}
