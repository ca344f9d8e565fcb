using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.ExportRound;

/// <summary>
/// HTTP GET <c>/api/coach/networks/{networkId}/rounds/{roundId}/export</c>: the all-schools CSV of a built round (only
/// numbers at the network floor). Every export is recorded in the audit log.
/// </summary>
public sealed class ExportRound(RoundAdmin admin)
{
    [Function(nameof(ExportRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/export")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken)
    {
        var round = new RoundKey(networkId, roundId);
        return await admin.ExportAsync(round, request.CoachKeyId(), cancellationToken) is { } csv
            ? TypedResults.File(csv, "text/csv", RoundAdmin.ExportFileName(round))
            : Problems.Of(StatusCodes.Status404NotFound, "no-report", "Nothing to export", $"Round '{roundId}' of network '{networkId}' has no built profiles.");
    }
}
