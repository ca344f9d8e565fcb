using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.SendReport;

/// <summary>Queue <c>send-report</c>: emails one school's readiness profile to its design team, or the network summary to the coaches.</summary>
public sealed class SendReport(ReportMailer mailer) : IQueueFunction<SendReportMessage>
{
    public const string Name = nameof(SendReport);

    public Task RunAsync(SendReportMessage message, InvocationContext context, CancellationToken cancellationToken) =>
        mailer.SendAsync(message, cancellationToken);
}
