using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardNetwork;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}</c>: the network's rounds, schools, roster and opt-out counts, imports and settings.</summary>
public sealed class DashboardNetwork(DashboardPages pages, NetworkPage page, NetworkStore networks)
{
    [Function(nameof(DashboardNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is not { } network)
        {
            return await pages.NotFoundAsync(http);
        }

        var language = pages.Language(http);
        var notice = request.Query["done"].ToString() switch
        {
            "settings" => pages.Words(language)["settingsSaved"],
            "erasure" => pages.Words(language)["erasureQueued"],
            _ => null,
        };
        return await page.RenderAsync(http, network, new NetworkPageState(notice), cancellationToken);
    }
}
