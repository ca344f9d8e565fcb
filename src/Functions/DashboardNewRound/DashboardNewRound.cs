using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardNewRound;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/new-round</c>: the form that creates a round.</summary>
public sealed class DashboardNewRound(DashboardPages pages, NewRoundPage page, NetworkStore networks)
{
    [Function(nameof(DashboardNewRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/new-round")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        await networks.GetNetworkAsync(networkId, cancellationToken) is { } network
            ? await page.RenderAsync(request.HttpContext, network, null, null, cancellationToken)
            : await pages.NotFoundAsync(request.HttpContext);
}
