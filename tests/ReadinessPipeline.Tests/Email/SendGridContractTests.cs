using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Email;

/// <summary>
/// The body the SendGrid sender posts is valid against the request-body schema of <c>POST /v3/mail/send</c> in
/// SendGrid's own OpenAPI document (read from the shared contracts folder, not copied in).
/// </summary>
public sealed class SendGridContractTests : IAsyncLifetime
{
    private readonly SteppingClock _clock = new(TestEmails.Start);
    private FakeSendGrid _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGrid.StartAsync(_clock);

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    private async Task<string> SentBodyAsync(EmailMessage message)
    {
        var options = new EmailOptions { SendGridApiKey = "SG.test-key", SendGridHost = _sendGrid.Host };
        using var http = new HttpClient();
        await new SendGridEmailSender(options, http, _clock, NullLogger<SendGridEmailSender>.Instance).SendAsync(message, CancellationToken.None);
        return _sendGrid.Requests[^1].Body;
    }

    [Fact]
    public async Task The_report_email_body_is_valid_against_the_mail_send_schema()
    {
        var body = await SentBodyAsync(TestEmails.Report());

        Assert.Empty(Contracts.Violations(await Contracts.MailSendRequestSchemaAsync(), body));
    }

    [Fact]
    public async Task A_plain_email_to_one_recipient_without_tags_is_valid()
    {
        var message = new EmailMessage(new EmailAddress("readiness@example.org"), [new EmailAddress("coach@example.org")],
            "Round closed", "<p>The round is closed.</p>", "The round is closed.", [], new Dictionary<string, string>());

        var body = await SentBodyAsync(message);

        Assert.Empty(Contracts.Violations(await Contracts.MailSendRequestSchemaAsync(), body));
    }

    [Fact]
    public async Task The_default_sender_address_is_for_the_outbox_only()
    {
        var defaults = new EmailOptions();
        var message = TestEmails.Report() with { From = new EmailAddress(defaults.From, defaults.FromName) };

        var body = await SentBodyAsync(message);

        Assert.Equal(["#/from.email: EmailExpected email"], Contracts.Violations(await Contracts.MailSendRequestSchemaAsync(), body));
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "no personalizations", "#/personalizations: PropertyRequired personalizations" },
        { "sender without an address", "#/from.email: PropertyRequired email" },
        { "unknown attachment disposition", "#/attachments[0]: ArrayItemNotValid [0]" },
        { "message-level custom_args as an object", "#/custom_args: StringExpected custom_args" },
    };

    /// <summary>
    /// Each breakage needs a different part of the schema to catch it: the top-level <c>required</c>, the MailFrom
    /// and Disposition components reached through rewritten refs, and the message-level <c>custom_args</c>, which
    /// the document types as a string (the reason the sender puts tags into each personalization instead).
    /// </summary>
    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task The_schema_check_can_fail(string breakage, string violation)
    {
        var body = JsonNode.Parse(await SentBodyAsync(TestEmails.Report()))!.AsObject();
        switch (breakage)
        {
            case "no personalizations":
                body.Remove("personalizations");
                break;
            case "sender without an address":
                body["from"]!.AsObject().Remove("email");
                break;
            case "unknown attachment disposition":
                body["attachments"]![0]!["disposition"] = "sideways";
                break;
            default:
                body["custom_args"] = new JsonObject { ["round"] = "round-7" };
                break;
        }

        Assert.Equal([violation], Contracts.Violations(await Contracts.MailSendRequestSchemaAsync(), body.ToJsonString()));
    }
}
