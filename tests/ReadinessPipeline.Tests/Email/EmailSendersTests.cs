using Microsoft.Extensions.Logging.Abstractions;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Email;

/// <summary>The transport follows the configuration: a SendGrid key sends through SendGrid, no key writes to the outbox.</summary>
public sealed class EmailSendersTests : IAsyncLifetime
{
    private readonly SteppingClock _clock = new(TestEmails.Start);
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "readiness-outbox-" + Guid.NewGuid().ToString("N"));
    private FakeSendGrid _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGrid.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        await _sendGrid.DisposeAsync();
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    private IEmailSender Create(string? apiKey)
    {
        var options = new EmailOptions { SendGridApiKey = apiKey, SendGridHost = _sendGrid.Host, OutboxDirectory = _outbox };
        return EmailSenders.Create(options, new HttpClient(), _clock, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task With_a_SendGrid_key_email_goes_to_SendGrid()
    {
        var sender = Create("SG.configured");

        var receipt = await sender.SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.IsType<SendGridEmailSender>(sender);
        Assert.Equal("sendgrid", receipt.Transport);
        Assert.Single(_sendGrid.Requests);
        Assert.False(Directory.Exists(_outbox));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Without_a_SendGrid_key_email_goes_to_the_outbox(string? apiKey)
    {
        var sender = Create(apiKey);

        var receipt = await sender.SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.IsType<OutboxEmailSender>(sender);
        Assert.Equal("outbox", receipt.Transport);
        Assert.Equal(_outbox, Path.GetDirectoryName(receipt.MessageId));
        Assert.Empty(_sendGrid.Requests);
    }
}
