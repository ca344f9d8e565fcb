namespace ReadinessPipeline.Surveys.Email;

/// <summary>How email leaves the pipeline: through SendGrid when a key is configured, otherwise into a local outbox of .eml files.</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Email";

    /// <summary>SendGrid API key; null or blank writes .eml files to <see cref="OutboxDirectory"/> instead of sending.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>Base URL of the SendGrid API; null is SendGrid's own (tests point it at a local server).</summary>
    public string? SendGridHost { get; set; }

    /// <summary>Folder the outbox writes .eml files into, relative to the working directory unless rooted.</summary>
    public string OutboxDirectory { get; set; } = ".outbox";

    /// <summary>Sender address emails are composed with; the default suits the outbox only, SendGrid needs a verified sender.</summary>
    public string From { get; set; } = "readiness@localhost";

    /// <summary>Display name shown with <see cref="From"/>.</summary>
    public string FromName { get; set; } = "Readiness Pipeline";

    /// <summary>Requests per email to SendGrid, the first included, before it fails as transient.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Longest wait between two requests, for exponential backoff and for a rate limit's reset time alike.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a worker's claim on an email stays its own; a claim older than this (its worker died) is taken over.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The From of every email the pipeline composes.</summary>
    public EmailAddress Sender => new(From, FromName);
}
