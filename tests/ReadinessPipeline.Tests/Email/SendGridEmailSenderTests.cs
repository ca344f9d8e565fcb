using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Tests.Infrastructure;
using static ReadinessPipeline.Tests.Email.FakeSendGrid;

namespace ReadinessPipeline.Tests.Email;

/// <summary>The SendGrid sender against a local stand-in for the API: the request it builds, and what it does with each answer.</summary>
public sealed class SendGridEmailSenderTests : IAsyncLifetime
{
    private readonly SteppingClock _clock = new(TestEmails.Start);
    private readonly LogCapture _logs = new();
    private FakeSendGrid _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGrid.StartAsync(_clock);

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    private SendGridEmailSender Sender(int maxAttempts = 4, TimeSpan? maxRetryDelay = null, string? host = null, HttpClient? http = null)
    {
        var options = new EmailOptions
        {
            SendGridApiKey = "SG.test-key",
            SendGridHost = host ?? _sendGrid.Host,
            MaxAttempts = maxAttempts,
            MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromMinutes(1),
        };
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        return new SendGridEmailSender(options, http ?? new HttpClient(), _clock, loggers.CreateLogger<SendGridEmailSender>());
    }

    [Fact]
    public async Task Each_recipient_gets_their_own_personalization_carrying_the_tags()
    {
        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        var personalizations = _sendGrid.Requests.Single().Json["personalizations"]!.AsArray();
        Assert.Equal(TestEmails.Recipients.Length, personalizations.Count);
        for (var i = 0; i < personalizations.Count; i++)
        {
            var personalization = personalizations[i]!.AsObject();
            var to = Assert.Single(personalization["to"]!.AsArray());
            Assert.Equal(TestEmails.Recipients[i].Address, to!["email"]!.GetValue<string>());
            Assert.Equal(["custom_args", "to"], personalization.Select(p => p.Key).Order());
            Assert.Equal("round-7", personalization["custom_args"]!["round"]!.GetValue<string>());
            Assert.Equal("school-lincoln", personalization["custom_args"]!["school"]!.GetValue<string>());
            Assert.All(TestEmails.Recipients.Where((_, j) => j != i), other => Assert.DoesNotContain(other.Address, personalization.ToJsonString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_request_carries_sender_subject_both_bodies_and_the_api_key()
    {
        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        var request = _sendGrid.Requests.Single();
        var body = request.Json;
        Assert.Equal("Bearer SG.test-key", request.Headers["Authorization"]);
        Assert.Equal("readiness@example.org", body["from"]!["email"]!.GetValue<string>());
        Assert.Equal("Readiness Pipeline", body["from"]!["name"]!.GetValue<string>());
        Assert.Equal("Your school's readiness profile", body["subject"]!.GetValue<string>());
        var content = body["content"]!.AsArray().Select(c => (c!["type"]!.GetValue<string>(), c["value"]!.GetValue<string>()));
        Assert.Equal([("text/plain", TestEmails.Text), ("text/html", TestEmails.Html)], content);
    }

    [Fact]
    public async Task The_inline_image_goes_inline_with_its_content_id_and_the_csv_as_an_attachment()
    {
        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        var attachments = _sendGrid.Requests.Single().Json["attachments"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var image = attachments.Single(a => a["filename"]!.GetValue<string>() == "radar.png");
        Assert.Equal("inline", image["disposition"]!.GetValue<string>());
        Assert.Equal("radar", image["content_id"]!.GetValue<string>());
        Assert.Equal("image/png", image["type"]!.GetValue<string>());
        Assert.Equal(TestEmails.Chart, Convert.FromBase64String(image["content"]!.GetValue<string>()));
        var csv = attachments.Single(a => a["filename"]!.GetValue<string>() == "scores.csv");
        Assert.Equal("attachment", csv["disposition"]!.GetValue<string>());
        Assert.Null(csv["content_id"]);
        Assert.Equal(TestEmails.Csv, Convert.FromBase64String(csv["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_202_returns_the_message_id_SendGrid_gave()
    {
        _sendGrid.Script(Reply.Accepted("abc123.filter0001"));

        var receipt = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal(new EmailReceipt("sendgrid", "abc123.filter0001"), receipt);
    }

    [Fact]
    public async Task A_429_waits_until_the_rate_limit_resets_then_sends_once()
    {
        var reset = TestEmails.Start.AddSeconds(30);
        _sendGrid.Script(Reply.RateLimited(reset), Reply.Accepted("after-reset"));

        var receipt = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal("after-reset", receipt.MessageId);
        Assert.Equal(2, _sendGrid.Requests.Count);
        Assert.True(_sendGrid.Requests[1].At >= reset, $"second request at {_sendGrid.Requests[1].At:O}, reset at {reset:O}");
        Assert.Equal([TimeSpan.FromSeconds(30)], _clock.Waits);
    }

    [Fact]
    public async Task A_429_reset_further_away_than_the_longest_delay_waits_only_the_longest_delay()
    {
        _sendGrid.Script(Reply.RateLimited(TestEmails.Start.AddMinutes(10)), Reply.Accepted());

        await Sender(maxRetryDelay: TimeSpan.FromSeconds(45)).SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(45)], _clock.Waits);
    }

    [Fact]
    public async Task A_429_without_a_reset_header_backs_off()
    {
        _sendGrid.Script(Reply.RateLimited(resetAt: null), Reply.Accepted());

        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal(2, _sendGrid.Requests.Count);
        Assert.Equal([SendGridEmailSender.FirstRetryDelay], _clock.Waits);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_doubling_delays()
    {
        _sendGrid.Script(Reply.ServerError(500), Reply.ServerError(503), Reply.Accepted("third-time"));

        var receipt = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal("third-time", receipt.MessageId);
        Assert.Equal(3, _sendGrid.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _clock.Waits);
    }

    [Fact]
    public async Task Server_errors_beyond_max_attempts_fail_as_transient_with_capped_delays()
    {
        _sendGrid.Script([.. Enumerable.Repeat(Reply.ServerError(502), 10)]);

        var error = await Assert.ThrowsAsync<EmailSendException>(() =>
            Sender(maxAttempts: 4, maxRetryDelay: TimeSpan.FromSeconds(3)).SendAsync(TestEmails.Report(), CancellationToken.None));

        Assert.True(error.Transient);
        Assert.Equal(4, _sendGrid.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], _clock.Waits);
    }

    [Fact]
    public async Task A_400_fails_at_once_as_permanent_with_SendGrids_explanation()
    {
        _sendGrid.Script(Reply.BadRequest("The from address does not match a verified Sender Identity.", "from"));

        var error = await Assert.ThrowsAsync<EmailSendException>(() => Sender().SendAsync(TestEmails.Report(), CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("The from address does not match a verified Sender Identity.", error.Message, StringComparison.Ordinal);
        Assert.Single(_sendGrid.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task An_unreachable_api_is_retried_then_fails_as_transient()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<EmailSendException>(() =>
            Sender(maxAttempts: 2, host: $"http://127.0.0.1:{closedPort}").SendAsync(TestEmails.Report(), CancellationToken.None));

        Assert.True(error.Transient);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal([SendGridEmailSender.FirstRetryDelay], _clock.Waits);
    }

    [Fact]
    public async Task A_request_that_times_out_is_retried()
    {
        _sendGrid.Script(Reply.Hang(TimeSpan.FromSeconds(30)), Reply.Accepted("after-timeout"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var receipt = await Sender(http: http).SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal("after-timeout", receipt.MessageId);
        Assert.Equal(2, _sendGrid.Requests.Count);
    }

    [Fact]
    public async Task A_send_the_caller_cancels_is_not_retried_or_reported_as_a_send_failure()
    {
        _sendGrid.Script(Reply.Hang(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendAsync(TestEmails.Report(), cancel.Token));

        Assert.Single(_sendGrid.Requests);
        Assert.Empty(_clock.Waits);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task Logs_carry_status_and_tags_but_never_addresses_subject_or_bodies()
    {
        _sendGrid.Script(Reply.RateLimited(resetAt: null), Reply.ServerError(), Reply.Accepted());
        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);
        _sendGrid.Script(Reply.BadRequest("Invalid attachment.", "attachments.0.content"));
        await Assert.ThrowsAsync<EmailSendException>(() => Sender().SendAsync(TestEmails.Report(), CancellationToken.None));

        var logged = _logs.Entries.SelectMany(e => e.State.Select(s => Convert.ToString(s.Value, System.Globalization.CultureInfo.InvariantCulture)).Append(e.Message)).ToList();
        Assert.Equal(4, _logs.Entries.Count);
        Assert.Contains(logged, line => line!.Contains("round-7", StringComparison.Ordinal));
        Assert.Contains(logged, line => line!.Contains("429", StringComparison.Ordinal));
        Assert.Contains(logged, line => line!.Contains("400", StringComparison.Ordinal));
        string[] secrets = [.. TestEmails.Recipients.Select(r => r.Address), "readiness@example.org", "readiness profile", "Lincoln Elementary", "Ana Principal"];
        Assert.All(logged, line => Assert.All(secrets, secret => Assert.DoesNotContain(secret, line!, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_recipient_without_a_name_is_sent_without_one()
    {
        await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        var nameless = _sendGrid.Requests.Single().Json["personalizations"]![2]!["to"]![0]!.AsObject();
        Assert.Equal(["email"], nameless.Select(p => p.Key));
    }

    [Fact]
    public void Without_an_api_key_there_is_no_SendGrid_sender()
    {
        Assert.ThrowsAny<ArgumentException>(() => new SendGridEmailSender(new EmailOptions(), new HttpClient(), _clock, LoggerFactory.Create(_ => { }).CreateLogger<SendGridEmailSender>()));
    }
}
