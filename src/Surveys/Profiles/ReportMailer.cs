using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>
/// Sends one built report (SendReport): renders the email from the stored report data with the current templates,
/// mints a scoped link to the full report, and sends through the delivery ledger, so a retried message never sends
/// twice. A coach's re-send is its own delivery.
/// </summary>
public sealed partial class ReportMailer(
    NetworkStore networks,
    ReportStore reports,
    DeliveryStore deliveries,
    ReportRenderer renderer,
    IEmailSender email,
    EmailAddress sender,
    PublicUrls urls,
    ILogger<ReportMailer> logger)
{
    /// <summary>The ledger key of a report email (table keys cannot hold '/', so the target's separator becomes ':').</summary>
    public static string DeliveryKey(SendReportMessage message) =>
        $"report|{message.Target.Replace('/', ':')}" + (message.Resend is null ? "" : $"|resend-{message.Resend}");

    public async Task SendAsync(SendReportMessage message, CancellationToken cancellationToken)
    {
        var data = await reports.ReadAsync(message.RoundId, $"{message.Target}/report.json", cancellationToken);
        if (data is null)
        {
            // Never built, or erased on request (or by retention) after this message was queued.
            LogNoReport(logger, message.RoundId, message.Target);
            return;
        }

        var (recipients, render) = message.Target == ReportStore.NetworkTarget
            ? await NetworkAsync(message, data, cancellationToken)
            : School(message, data);
        if (recipients.Count == 0)
        {
            LogNoRecipients(logger, message.RoundId, message.Target);
            return;
        }

        var key = DeliveryKey(message);
        var (claim, etag) = await deliveries.ClaimAsync(message.RoundId, key, cancellationToken);
        if (claim != DeliveryClaim.Claimed)
        {
            return;
        }

        var token = await reports.CreateLinkAsync(new ReportLink(message.NetworkId, message.RoundId, message.Target), cancellationToken);
        var rendered = await render(urls.Report(token));
        var tags = new Dictionary<string, string>
        {
            ["round"] = message.RoundId,
            ["school"] = message.Target,
            ["kind"] = message.Target == ReportStore.NetworkTarget ? "network-summary" : "school-report",
            [OutboxEmailSender.DeliveryTag] = DeliveryStore.Tag(message.RoundId, key),
        };
        try
        {
            await email.SendAsync(new EmailMessage(sender, recipients, rendered.Subject, rendered.Html, rendered.Text, rendered.Attachments, tags), cancellationToken);
        }
        catch (EmailSendException e)
        {
            // The report stays "failed" in the round status; the round clock queues it again later, so an email
            // service that is down longer than the retry budget delays the report but does not lose it.
            await deliveries.MarkFailedAsync(message.RoundId, key, etag, e.Message, cancellationToken);
            LogFailed(logger, message.RoundId, message.Target, e.Transient);
            return;
        }

        await deliveries.MarkSentAsync(message.RoundId, key, etag, LinkStore.Hash(token), cancellationToken);
    }

    private (List<EmailAddress>, Func<string, Task<RenderedEmail>>) School(SendReportMessage message, BinaryData data)
    {
        var report = data.ToObjectFromJson<SchoolReport>(PipelineJson.Options)!;
        return ([.. report.School.DesignTeamEmails.Select(a => new EmailAddress(a))], async url =>
        {
            var radar = await reports.ReadAsync(message.RoundId, $"{message.Target}/radar.png", CancellationToken.None);
            return await renderer.SchoolEmailAsync(report, radar?.ToArray(), url);
        });
    }

    private async Task<(List<EmailAddress>, Func<string, Task<RenderedEmail>>)> NetworkAsync(SendReportMessage message, BinaryData data, CancellationToken cancellationToken)
    {
        var report = data.ToObjectFromJson<NetworkReport>(PipelineJson.Options)!;
        var network = await networks.GetNetworkAsync(message.NetworkId, cancellationToken);
        return ([.. (network?.CoachEmails ?? []).Select(a => new EmailAddress(a))], async url =>
        {
            var heatmap = await reports.ReadAsync(message.RoundId, $"{message.Target}/heatmap.png", CancellationToken.None);
            return await renderer.NetworkEmailAsync(report, heatmap?.ToArray(), url);
        });
    }

    /// <summary>The message that sends again a report recorded under a ledger key (the inverse of <see cref="DeliveryKey"/>).</summary>
    public static SendReportMessage MessageFor(string networkId, string roundId, string deliveryKey)
    {
        var parts = deliveryKey.Split('|');
        var resend = parts.Length > 2 && parts[2].StartsWith("resend-", StringComparison.Ordinal) ? parts[2]["resend-".Length..] : null;
        return new SendReportMessage(networkId, roundId, parts[1].Replace(':', '/'), resend);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: the report for {Target} was not accepted by the email service (transient: {Transient}); the round clock will try again")]
    private static partial void LogFailed(ILogger logger, string roundId, string target, bool transient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: no report data for {Target} (not built, or erased); nothing sent")]
    private static partial void LogNoReport(ILogger logger, string roundId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: the report for {Target} has no recipients; nothing sent")]
    private static partial void LogNoRecipients(ILogger logger, string roundId, string target);
}
