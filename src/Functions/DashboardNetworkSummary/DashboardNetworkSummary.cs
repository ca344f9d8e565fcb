using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardNetworkSummary;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/summary</c>: the network summary's full page, as the coaches' email links to it.</summary>
public sealed class DashboardNetworkSummary(StoredReport report)
{
    [Function(nameof(DashboardNetworkSummary))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}/summary")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        report.ShowAsync(request.HttpContext, new RoundKey(networkId, roundId), ReportStore.NetworkTarget, cancellationToken);
}
