namespace ReadinessPipeline.Surveys.Email;

/// <summary>An email address with an optional display name.</summary>
public sealed record EmailAddress(string Address, string? Name = null);

/// <summary>A file sent with an email; with a <see cref="ContentId"/> it is inline (referenced as <c>cid:</c> in the HTML).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content, string? ContentId = null);

/// <summary>
/// One email to send. <see cref="Tags"/> are non-personal identifiers (round, school, kind) carried as SendGrid
/// custom args or .eml headers, for tracing a delivery without the recipient's address.
/// </summary>
public sealed record EmailMessage(
    EmailAddress From,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailAttachment> Attachments,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>What the transport said about a sent email.</summary>
public sealed record EmailReceipt(string Transport, string? MessageId);

/// <summary>Sends email. Implementations: SendGrid, and a local outbox of .eml files when no SendGrid key is configured.</summary>
public interface IEmailSender
{
    /// <summary>Sends once; throws <see cref="EmailSendException"/> when the email was not accepted.</summary>
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>An email was not accepted. <see cref="Transient"/>: worth trying again later (rate limit, outage).</summary>
public sealed class EmailSendException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
