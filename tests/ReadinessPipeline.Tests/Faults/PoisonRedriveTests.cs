using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Faults;

/// <summary>An operator finds a poisoned message with <c>readiness queues</c>, fixes the cause and re-drives it: it completes once.</summary>
[Collection(nameof(ConsoleCollection))]
public class PoisonRedriveTests(EmailOutageTests.SendGridApp app) : IClassFixture<EmailOutageTests.SendGridApp>
{
    [Fact]
    public async Task A_poisoned_invitation_message_is_listed_peeked_and_re_driven_to_completion_from_the_command_line()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 2);
        app.SendGrid.Down = true;
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12" } }, reminders: []);
        var poison = app.Storage.Queue(StorageNames.InvitationQueue + PoisonQueues.Suffix);
        await AppFixture.EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync()).Value.Length == 1, timeout: TimeSpan.FromSeconds(30), because: "the poisoned message");
        var refused = app.SendGrid.Requests.Count;

        var (listed, listing) = await CliRunner.RunAsync("queues", "list", "--storage", app.ConnectionString);
        Assert.Equal(0, listed);
        Assert.Matches(@"send-invitations\s*│\s*0\s*│\s*1", listing);

        var (peeked, peek) = await CliRunner.RunAsync("queues", "peek", "send-invitations", "--storage", app.ConnectionString);
        Assert.Equal(0, peeked);
        Assert.Contains(round, peek, StringComparison.Ordinal);

        app.SendGrid.Down = false;
        var (redriven, redrive) = await CliRunner.RunAsync("queues", "redrive", "send-invitations", "--storage", app.ConnectionString);
        Assert.Equal(0, redriven);
        Assert.Contains("1 message(s) moved from send-invitations-poison back into send-invitations", redrive, StringComparison.Ordinal);

        await AppFixture.EventuallyAsync(async () =>
        {
            var emails = (await app.StatusAsync(network, round)).GetProperty("emails").EnumerateArray().ToDictionary(e => e.GetProperty("kind").GetString()!, e => e.GetProperty("sent").GetInt32());
            return emails.GetValueOrDefault("invitation") == 2 && emails.GetValueOrDefault("design-team-links") == 1;
        }, because: "the re-driven invitations");
        await app.DrainedAsync(StorageNames.InvitationQueue);
        Assert.Equal(3, app.SendGrid.Requests.Count - refused);
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
        Assert.Equal(0, (await CliRunner.RunAsync("queues", "redrive", "send-invitations", "--storage", app.ConnectionString)).ExitCode);
    }

    [Theory]
    [InlineData("redrive", "nonsense", "'nonsense' is not one of the app's queues")]
    [InlineData("peek", "send-invitations-poison", "is not one of the app's queues")]
    public async Task An_unknown_queue_is_refused_with_the_list_of_queues(string verb, string queue, string message)
    {
        var (exit, output) = await CliRunner.RunAsync("queues", verb, queue, "--storage", app.ConnectionString);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Contains("score-submission", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_value_that_is_neither_a_connection_string_nor_an_account_name_is_refused()
    {
        var (exit, output) = await CliRunner.RunAsync("queues", "list", "--storage", "Not An Account!");

        Assert.Equal(1, exit);
        Assert.Contains("--storage must be a connection string or a storage account name", output, StringComparison.Ordinal);
    }
}
