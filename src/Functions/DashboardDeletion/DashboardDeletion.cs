using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardDeletion;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/delete[?scope=...]</c>: choose what to erase; with a scope, the dry run's list and the typed confirmation.</summary>
public sealed class DashboardDeletion(DashboardPages pages, DeletionPage page, NetworkStore networks)
{
    [Function(nameof(DashboardDeletion))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/delete")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        await networks.GetNetworkAsync(networkId, cancellationToken) is { } network
            ? await page.RenderAsync(request.HttpContext, network, request.Query["scope"].FirstOrDefault(), null, mismatch: false, request.CoachKeyId(), cancellationToken)
            : await pages.NotFoundAsync(request.HttpContext);
}
