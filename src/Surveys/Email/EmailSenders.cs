using Microsoft.Extensions.Logging;

namespace ReadinessPipeline.Surveys.Email;

/// <summary>Chooses the email transport from the options.</summary>
public static class EmailSenders
{
    /// <summary>SendGrid when a key is configured; otherwise the local outbox, so running locally never needs a key.</summary>
    public static IEmailSender Create(EmailOptions options, HttpClient httpClient, TimeProvider clock, ILoggerFactory loggers) =>
        string.IsNullOrWhiteSpace(options.SendGridApiKey)
            ? new OutboxEmailSender(options, clock, loggers.CreateLogger<OutboxEmailSender>())
            : new SendGridEmailSender(options, httpClient, clock, loggers.CreateLogger<SendGridEmailSender>());
}
