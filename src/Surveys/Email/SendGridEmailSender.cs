using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ReadinessPipeline.Surveys.Email;

/// <summary>
/// Sends through SendGrid's v3 mail send API. Retries are here, not in the SDK: its handler retries neither a rate
/// limit (429) nor with backoff, and an injected HttpClient bypasses it anyway. They are a Polly retry strategy (the
/// engine of Microsoft.Extensions.Http.Resilience) over one SendGrid answer at a time rather than that package's
/// HttpClient handler: whether to retry and how long to wait come from SendGrid's answer as this sender reads it (a 429
/// waits until <c>X-RateLimit-Reset</c>, 5xx and network errors back off, any other 4xx is final with SendGrid's own
/// explanation), each retry is logged with the email's tags, and the sender keeps working over whatever HttpClient it
/// is given (the command line and the tests give a plain one).
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private static readonly ResiliencePropertyKey<EmailMessage> Email = new("email");

    public const string Transport = "sendgrid";

    /// <summary>The first backoff wait; each further retry doubles it, up to <see cref="EmailOptions.MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly SendGridClient _client;
    private readonly EmailOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<Outcome> _retries;

    public SendGridEmailSender(EmailOptions options, HttpClient httpClient, TimeProvider clock, ILogger<SendGridEmailSender> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SendGridApiKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        var clientOptions = new SendGridClientOptions { ApiKey = options.SendGridApiKey, HttpErrorAsException = false };
        if (options.SendGridHost is { } host)
        {
            clientOptions.Host = host;
        }

        _client = new SendGridClient(httpClient, clientOptions);
        _options = options;
        _clock = clock;
        _logger = logger;
        var retries = new ResiliencePipelineBuilder<Outcome> { TimeProvider = clock };
        if (options.MaxAttempts > 1)
        {
            retries.AddRetry(new RetryStrategyOptions<Outcome>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Receipt: null }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result!.Wait),
                OnRetry = args =>
                {
                    _logger.LogWarning("SendGrid attempt {Attempt} of {MaxAttempts} failed with {Failure}; retrying in {Delay}; tags {Tags}",
                        args.AttemptNumber + 1, _options.MaxAttempts, args.Outcome.Result!.Failure, args.RetryDelay, args.Context.Properties.GetValue(Email, null!).Tags);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retries = retries.Build();
    }

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mail = Compose(message);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Email, message);
        var attempt = 0;
        try
        {
            var outcome = await _retries.ExecuteAsync(async context => await AttemptAsync(mail, message, ++attempt, context.CancellationToken), context);
            if (outcome.Receipt is { } receipt)
            {
                return receipt;
            }

            _logger.LogError("SendGrid did not accept the email after {Attempts} attempts, last {Failure}; tags {Tags}", attempt, outcome.Failure, message.Tags);
            throw new EmailSendException($"SendGrid did not accept the email after {attempt} attempts (last: {outcome.Failure}).", transient: true, outcome.Error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One personalization per recipient, so each gets their own copy and never sees the other addresses. Tags go into
    /// each personalization's custom_args: the API document types the message-level custom_args as a string.
    /// </summary>
    private static SendGridMessage Compose(EmailMessage message)
    {
        var mail = MailHelper.CreateSingleEmailToMultipleRecipients(
            Address(message.From), [.. message.To.Select(Address)], message.Subject, message.Text, message.Html);
        if (message.Tags.Count > 0)
        {
            for (var i = 0; i < message.To.Count; i++)
            {
                mail.AddCustomArgs(new Dictionary<string, string>(message.Tags), i);
            }
        }

        foreach (var attachment in message.Attachments)
        {
            var disposition = attachment.ContentId is null ? "attachment" : "inline";
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType, disposition, attachment.ContentId);
        }

        return mail;
    }

    private static SendGridAddress Address(EmailAddress address) => new(address.Address, address.Name);

    private async Task<Outcome> AttemptAsync(SendGridMessage mail, EmailMessage message, int attempt, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await _client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, Backoff(attempt), $"network error ({e.HttpRequestError})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel, so HttpClient.Timeout ran out.
            return new Outcome(null, Backoff(attempt), "timeout", e);
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var messageId = response.Headers is { } headers && headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            _logger.LogInformation("SendGrid accepted the email ({Status}) for {Recipients} recipients with {Attachments} attachments on attempt {Attempt}; tags {Tags}",
                status, message.To.Count, message.Attachments.Count, attempt, message.Tags);
            return new Outcome(new EmailReceipt(Transport, messageId), TimeSpan.Zero, null, null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new Outcome(null, RateLimitWait(response) ?? Backoff(attempt), "429", null);
        }

        if (status >= 500)
        {
            return new Outcome(null, Backoff(attempt), status.ToString(CultureInfo.InvariantCulture), null);
        }

        var errors = await ErrorTextAsync(response, cancellationToken);
        _logger.LogError("SendGrid refused the email ({Status}); tags {Tags}", status, message.Tags);
        throw new EmailSendException($"SendGrid refused the email ({status}): {errors}", transient: false);
    }

    private TimeSpan Backoff(int attempt)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, attempt - 1);
        return seconds >= _options.MaxRetryDelay.TotalSeconds ? _options.MaxRetryDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Until X-RateLimit-Reset (epoch seconds), capped; null when the header is missing or unreadable.</summary>
    private TimeSpan? RateLimitWait(Response response)
    {
        if (response.Headers is null
            || !response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            || !long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return null;
        }

        var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - _clock.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < _options.MaxRetryDelay ? wait : _options.MaxRetryDelay;
    }

    /// <summary>SendGrid's own explanation: the messages of its <c>errors</c> array, or the raw body when it has none.</summary>
    private static async Task<string> ErrorTextAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.GetString() : null)
                    .OfType<string>()
                    .ToList();
                if (messages.Count > 0)
                {
                    return string.Join("; ", messages);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, say): the raw body below is the best explanation there is.
        }

        return body.Length > 500 ? body[..500] : body;
    }

    /// <summary>What one request came to: a receipt, or how long to wait before the next try and why.</summary>
    private sealed record Outcome(EmailReceipt? Receipt, TimeSpan Wait, string? Failure, Exception? Error);
}
