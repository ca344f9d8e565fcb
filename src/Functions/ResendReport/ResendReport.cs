using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ResendReport;

/// <summary>HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend</c>: sends a school's built report again.</summary>
public sealed class ResendReport(ReportStore reports, WorkQueue queue, AuditLog audit)
{
    [Function(nameof(ResendReport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        CancellationToken cancellationToken)
    {
        var target = ReportStore.SchoolTarget(schoolId);
        if (await reports.ReadAsync(new RoundKey(networkId, roundId), $"{target}/report.json", cancellationToken) is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "no-report", "No report to send", $"Round '{roundId}' has no built report for school '{schoolId}' yet.");
        }

        var resend = Guid.NewGuid().ToString("N")[..12];
        await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(networkId, roundId, target, resend), cancellationToken);
        await audit.RecordAsync(networkId, request.CoachKeyId(), "report.resend", $"{roundId}/{schoolId}", $"re-send {resend}", cancellationToken);
        return TypedResults.Accepted((string?)null, new { message = $"The report of school '{schoolId}' will be sent again.", resend });
    }
}
