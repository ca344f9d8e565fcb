using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.SendReport;

/// <summary>Queue <c>send-report</c>: emails one school's readiness profile to its design team, or the network summary to the coaches.</summary>
public sealed class SendReport(ReportMailer mailer)
{
    [Function(nameof(SendReport))]
    public async Task Run([QueueTrigger(StorageNames.ReportQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<SendReportMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await mailer.SendAsync(request, context.CancellationToken);
    }
}
