using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>
/// Sends one built report (SendReport): renders the email from the stored report data with the current templates,
/// mints a scoped link to the full report that opens it for <see cref="ReportLinkLifetime"/>, and sends through the
/// delivery ledger, so a retried message never sends twice. A coach's re-send is its own delivery, with a new link. A send another worker claimed and never finished (it died) is asked
/// about again once that claim can be taken over, so the report is still delivered, once.
/// </summary>
public sealed partial class ReportMailer(
    Catalog catalog,
    NetworkStore networks,
    ReportStore reports,
    EmailLedger ledger,
    ReportRenderer renderer,
    WorkQueue queue,
    EmailAddress sender,
    PublicUrls urls,
    ReportLinkLifetime linkLifetime,
    TimeProvider clock,
    ILogger<ReportMailer> logger)
{
    /// <summary>The ledger entry of a report email.</summary>
    public static ReportKey DeliveryKey(SendReportMessage message) => new(message.Target, message.Resend);

    public async Task SendAsync(SendReportMessage message, CancellationToken cancellationToken)
    {
        var data = await reports.ReadAsync(message.Round, $"{message.Target}/report.json", cancellationToken);
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

        var outcome = await ledger.SendOnceAsync(message.Round, DeliveryKey(message), async ct =>
        {
            var expires = clock.GetUtcNow() + linkLifetime.Value;
            var token = await reports.CreateLinkAsync(new ReportLink(message.NetworkId, message.RoundId, message.Target, expires), ct);
            var rendered = await render(urls.Report(token), expires);
            return new LedgerEmail(new EmailMessage(sender, recipients, rendered.Subject, rendered.Html, rendered.Text, rendered.Attachments, new Dictionary<string, string>()), [LinkStore.Hash(token)]);
        }, cancellationToken);

        switch (outcome)
        {
            case SendOutcome.Deferred:
                // Another worker holds the claim, or held it when it died: look again once that claim can be taken over.
                await queue.SendAsync(StorageNames.ReportQueue, message, cancellationToken, ledger.TakeOverAfter);
                break;
            case SendOutcome.Failed:
                // The report stays "failed" in the round status; the round clock queues it again later, so an email
                // service that is down longer than the retry budget delays the report but does not lose it.
                LogFailed(logger, message.RoundId, message.Target);
                break;
        }
    }

    private (List<EmailAddress>, Func<string, DateTimeOffset, Task<RenderedEmail>>) School(SendReportMessage message, BinaryData data)
    {
        var report = data.ToObjectFromJson<SchoolReport>(PipelineJson.Options)!;
        return ([.. report.School.DesignTeamEmails.Select(a => new EmailAddress(a))], async (url, expires) =>
        {
            // The email's radar chart is drawn here, from the report data, not at the close: the pages draw theirs as
            // SVG, so the close renders no image per school, and each school's PNG is made in its own message.
            var framework = report.Instruments.Select(i => catalog.Latest(i.InstrumentId)).OfType<Instrument>().Select(catalog.FrameworkOf).FirstOrDefault();
            var radar = framework is null ? null : ReportCharts.Radar(report, framework, renderer.Words);
            return await renderer.SchoolEmailAsync(report, radar, url, expires);
        });
    }

    private async Task<(List<EmailAddress>, Func<string, DateTimeOffset, Task<RenderedEmail>>)> NetworkAsync(SendReportMessage message, BinaryData data, CancellationToken cancellationToken)
    {
        var report = data.ToObjectFromJson<NetworkReport>(PipelineJson.Options)!;
        var network = await networks.GetNetworkAsync(message.NetworkId, cancellationToken);
        return ([.. (network?.CoachEmails ?? []).Select(a => new EmailAddress(a))], async (url, expires) =>
        {
            var heatmap = await reports.ReadAsync(message.Round, $"{message.Target}/heatmap.png", CancellationToken.None);
            return await renderer.NetworkEmailAsync(report, heatmap?.ToArray(), url, expires);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: the report for {Target} was not accepted by the email service; the round clock will try again")]
    private static partial void LogFailed(ILogger logger, string roundId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: no report data for {Target} (not built, or erased); nothing sent")]
    private static partial void LogNoReport(ILogger logger, string roundId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: the report for {Target} has no recipients; nothing sent")]
    private static partial void LogNoRecipients(ILogger logger, string roundId, string target);
}
