using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;

namespace ReadinessPipeline.Functions.DashboardRound;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}</c>: the round's page (see <see cref="RoundPage"/>).</summary>
public sealed class DashboardRound(DashboardPages pages, RoundPage page)
{
    [Function(nameof(DashboardRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        await page.RenderAsync(request.HttpContext, networkId, roundId, request.Query["done"].FirstOrDefault(), cancellationToken)
            ?? await pages.NotFoundAsync(request.HttpContext);
}
