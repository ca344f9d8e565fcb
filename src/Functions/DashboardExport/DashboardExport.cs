using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.DashboardExport;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/schools.csv</c>: the all-schools CSV download, audited as the coach API's export is.</summary>
public sealed class DashboardExport(DashboardPages pages, RoundAdmin admin)
{
    [Function(nameof(DashboardExport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}/schools.csv")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken)
    {
        var round = new RoundKey(networkId, roundId);
        return await admin.ExportAsync(round, request.CoachKeyId(), cancellationToken) is { } csv
            ? TypedResults.File(csv, "text/csv", RoundAdmin.ExportFileName(round))
            : await pages.MessageAsync(request.HttpContext, "noReportTitle", "noReportBody", StatusCodes.Status404NotFound, DashboardPages.Round(networkId, roundId), "backToRound");
    }
}
