using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ExportRound;

/// <summary>
/// HTTP GET <c>/api/coach/networks/{networkId}/rounds/{roundId}/export</c>: the all-schools CSV of a built round (only
/// numbers at the network floor). Every export is recorded in the audit log.
/// </summary>
public sealed class ExportRound(ReportStore reports, RoundStore rounds, AuditLog audit)
{
    [Function(nameof(ExportRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/export")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken)
    {
        var csv = await rounds.GetAsync(networkId, roundId, cancellationToken) is null ? null : await reports.ReadAsync(new RoundKey(networkId, roundId), $"{ReportStore.NetworkTarget}/schools.csv", cancellationToken);
        if (csv is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "no-report", "Nothing to export", $"Round '{roundId}' of network '{networkId}' has no built profiles.");
        }

        await audit.RecordAsync(networkId, request.CoachKeyId(), "data.export", roundId, "all-schools CSV", cancellationToken);
        return TypedResults.File(csv.ToArray(), "text/csv", $"{networkId}-{roundId}-schools.csv");
    }
}
