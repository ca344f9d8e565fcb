using System.ComponentModel.DataAnnotations;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Surveys.Email;

/// <summary>How email leaves the pipeline: through SendGrid when a key is configured, otherwise into a local outbox of .eml files.</summary>
public sealed class EmailOptions : IValidatableObject
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

    /// <summary>The rules of section "Email", checked when the app starts (by the options validator the app generates).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAttempts is < 1 or > 10)
        {
            yield return new ValidationResult($"Email:MaxAttempts must be from 1 to 10, not {MaxAttempts}.", [nameof(MaxAttempts)]);
        }

        if (MaxRetryDelay < TimeSpan.Zero || MaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Email:MaxRetryDelay must be from 00:00:00 to 00:10:00.", [nameof(MaxRetryDelay)]);
        }

        var backoff = MaxRetryDelay * Math.Max(0, MaxAttempts - 1);
        if (ClaimTimeout < TimeSpan.FromSeconds(1) || ClaimTimeout > TimeSpan.FromDays(1) || ClaimTimeout <= backoff)
        {
            yield return new ValidationResult(
                $"Email:ClaimTimeout must be from 00:00:01 to 1.00:00:00 and longer than the retry waits of one email ({backoff:c}), or a live worker's claim is taken over.",
                [nameof(ClaimTimeout)]);
        }

        if (From != "readiness@localhost" && !EmailAddresses.TryNormalize(From, out _))
        {
            yield return new ValidationResult($"Email:From '{From}' is not an email address.", [nameof(From)]);
        }

        if (string.IsNullOrWhiteSpace(SendGridApiKey) && string.IsNullOrWhiteSpace(OutboxDirectory))
        {
            yield return new ValidationResult("Email:OutboxDirectory is needed when there is no SendGrid key.", [nameof(OutboxDirectory)]);
        }
    }
}
