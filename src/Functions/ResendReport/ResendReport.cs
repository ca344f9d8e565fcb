using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.ResendReport;

/// <summary>HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend</c>: sends a school's built report again.</summary>
public sealed class ResendReport(RoundAdmin admin)
{
    [Function(nameof(ResendReport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        CancellationToken cancellationToken) =>
        await admin.ResendAsync(new RoundKey(networkId, roundId), schoolId, request.CoachKeyId(), cancellationToken) is { } resend
            ? TypedResults.Accepted((string?)null, resend)
            : Problems.Of(StatusCodes.Status404NotFound, "no-report", "No report to send", $"Round '{roundId}' has no built report for school '{schoolId}' yet.");
}
