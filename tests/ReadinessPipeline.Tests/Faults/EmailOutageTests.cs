using System.Net;
using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Email;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Faults;

/// <summary>
/// SendGrid down for longer than the whole retry budget (two tries per email, two deliveries per queue message):
/// the invitations fail, the message goes to the poison queue, the status says "failed", and the round clock sends
/// each email once when SendGrid is back, without anyone re-driving the poison queue.
/// </summary>
public class EmailOutageTests(EmailOutageTests.SendGridApp app) : IClassFixture<EmailOutageTests.SendGridApp>
{
    private static JsonElement Counts(JsonElement status, string kind) =>
        status.GetProperty("emails").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == kind);

    private static IEnumerable<string> Recipients(FakeSendGrid.CapturedRequest request) =>
        request.Json["personalizations"]!.AsArray().SelectMany(p => p!["to"]!.AsArray().Select(t => (string)t!["email"]!));

    [Fact]
    public async Task Invitations_that_failed_past_the_retry_budget_are_sent_once_by_the_clock_after_SendGrid_returns()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 2);
        app.SendGrid.Down = true;
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12" } }, reminders: []);

        var poison = app.Storage.Queue(StorageNames.InvitationQueue + "-poison");
        await AppFixture.EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync()).Value.Length == 1, timeout: TimeSpan.FromSeconds(30), because: "the invitation message in the poison queue");
        var status = await app.StatusAsync(network, round);
        Assert.Equal((0, 2), (Counts(status, "invitation").GetProperty("sent").GetInt32(), Counts(status, "invitation").GetProperty("failed").GetInt32()));
        Assert.Equal(1, Counts(status, "design-team-links").GetProperty("failed").GetInt32());

        // Three emails, two deliveries of the message, two tries each: twelve refused requests and none accepted.
        var refused = app.SendGrid.Requests.Count;
        Assert.Equal(12, refused);

        // SendGrid is back. The clock waits ten minutes after a failure before it tries again.
        app.SendGrid.Down = false;
        Assert.True(await app.FireTimerAsync("RoundClock"));
        await app.DrainedAsync(StorageNames.InvitationQueue);
        Assert.Equal(refused, app.SendGrid.Requests.Count);

        using var putBack = app.Clock.Checkpoint();
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await app.FireTimerAsync("RoundClock"));
        await AppFixture.EventuallyAsync(async () => Counts(await app.StatusAsync(network, round), "invitation").GetProperty("sent").GetInt32() == 2
            && Counts(await app.StatusAsync(network, round), "design-team-links").GetProperty("sent").GetInt32() == 1, because: "the emails sent by the clock's retry");

        // Firing the clock again much later sends nothing more: every person got exactly one invitation.
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await app.FireTimerAsync("RoundClock"));
        await app.DrainedAsync(StorageNames.InvitationQueue);
        var accepted = app.SendGrid.Requests.Skip(refused).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.Equal(
            ["lead1@district.example", "teacher1.s1@district.example", "teacher2.s1@district.example", "team1@district.example"],
            accepted.SelectMany(Recipients).Order(StringComparer.Ordinal));
        status = await app.StatusAsync(network, round);
        Assert.Equal(0, Counts(status, "invitation").GetProperty("failed").GetInt32());
    }

    /// <summary>The coach app sending through a fake SendGrid, with queue retries in seconds instead of minutes.</summary>
    public sealed class SendGridApp : CoachApp
    {
        public FakeSendGrid SendGrid { get; private set; } = null!;

        protected override async Task PrepareAsync() => SendGrid = await FakeSendGrid.StartAsync(Clock);

        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["Email:SendGridApiKey"] = "SG.test-key";
            settings["Email:SendGridHost"] = SendGrid.Host;
            settings["Email:From"] = "readiness@network.example";
            settings["Email:MaxAttempts"] = "2";
            settings["Email:MaxRetryDelay"] = "00:00:00";
            settings["LocalTriggers:AppDirectory"] = AppFolderWithQueues(maxDequeueCount: 2, visibilityTimeout: TimeSpan.FromSeconds(1));
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await SendGrid.DisposeAsync();
        }
    }
}
