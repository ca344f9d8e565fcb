using System.Diagnostics;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Email;

/// <summary>Counts every email sent or refused by kind, around whichever transport is configured.</summary>
public sealed class InstrumentedEmailSender(IEmailSender inner) : IEmailSender
{
    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var kind = new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Kind, message.Tags.GetValueOrDefault("kind", "other"));
        using var activity = PipelineTelemetry.Source.StartActivity("email.send", ActivityKind.Client);
        activity?.SetTag(PipelineTelemetry.Tags.Kind, kind.Value);
        activity?.SetTag(PipelineTelemetry.Tags.RoundId, message.Tags.GetValueOrDefault("round"));
        try
        {
            var receipt = await inner.SendAsync(message, cancellationToken);
            PipelineTelemetry.EmailsSent.Add(1, kind);
            return receipt;
        }
        catch (EmailSendException e)
        {
            PipelineTelemetry.EmailsFailed.Add(1, kind, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Transient, e.Transient));
            activity?.SetStatus(ActivityStatusCode.Error, e.Transient ? "transient" : "refused");
            throw;
        }
    }
}
