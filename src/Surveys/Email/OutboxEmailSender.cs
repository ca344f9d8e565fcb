using System.Globalization;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace ReadinessPipeline.Surveys.Email;

/// <summary>
/// Writes each email as a standard .eml file into a local folder instead of sending it, so development and demos need
/// no SendGrid key and the result opens in any mail client. One file per email, all recipients in its To header: it
/// is a copy to inspect, not a delivery.
/// </summary>
public sealed class OutboxEmailSender(EmailOptions options, TimeProvider clock, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public const string Transport = "outbox";

    /// <summary>The tag naming an email's delivery-ledger entry; it names the outbox file.</summary>
    public const string DeliveryTag = "delivery";

    /// <summary>Tags become headers named with this prefix, e.g. <c>X-Readiness-round</c>.</summary>
    public const string TagHeaderPrefix = "X-Readiness-";

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var directory = Path.GetFullPath(options.OutboxDirectory);
        Directory.CreateDirectory(directory);
        // An email with a delivery tag (one entry of the delivery ledger) always gets the same file, so sending it
        // again after a crash replaces it instead of leaving a second copy.
        var name = message.Tags.TryGetValue(DeliveryTag, out var delivery)
            ? $"{delivery}.eml"
            : $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}.eml";
        var path = Path.Combine(directory, name);

        // Written beside the final name and then renamed, so a reader watching the folder never sees half a file.
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await Compose(message, now).WriteToAsync(stream, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        logger.LogInformation("Wrote the email for {Recipients} recipients with {Attachments} attachments to the outbox as {File}; tags {Tags}",
            message.To.Count, message.Attachments.Count, name, message.Tags);
        return new EmailReceipt(Transport, path);
    }

    /// <summary>
    /// MimeKit's BodyBuilder gives the structure mail clients expect: text and HTML as multipart/alternative, the HTML
    /// with its inline images in multipart/related (found by Content-Id from <c>cid:</c> links), the rest as attachments.
    /// </summary>
    private static MimeMessage Compose(EmailMessage message, DateTimeOffset now)
    {
        var mime = new MimeMessage { Subject = message.Subject, Date = now };
        mime.From.Add(new MailboxAddress(message.From.Name, message.From.Address));
        mime.To.AddRange(message.To.Select(to => new MailboxAddress(to.Name, to.Address)));
        foreach (var (tag, value) in message.Tags)
        {
            mime.Headers.Add(TagHeaderPrefix + tag, value);
        }

        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        foreach (var attachment in message.Attachments)
        {
            var contentType = ContentType.Parse(attachment.ContentType);
            if (attachment.ContentId is { } contentId)
            {
                body.LinkedResources.Add(attachment.FileName, attachment.Content, contentType).ContentId = contentId;
            }
            else
            {
                body.Attachments.Add(attachment.FileName, attachment.Content, contentType);
            }
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }
}
