using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardDeleteData;

/// <summary>
/// HTTP POST <c>/api/dashboard/networks/{networkId}/delete</c> (form: <c>scope</c>, <c>confirm</c>): queues the erasure
/// when the typed confirmation is the id of what is erased; otherwise the list comes back with the error beside the field.
/// </summary>
public sealed class DashboardDeleteData(DashboardPages pages, DeletionPage page, NetworkStore networks, ErasureRequests erasures)
{
    [Function(nameof(DashboardDeleteData))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/delete")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await pages.RefusedFormAsync(http, DashboardPages.Network(networkId) + "/delete") is { } expired)
        {
            return expired;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var scopeValue = form["scope"].ToString();
        var typed = form["confirm"].ToString().Trim();
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is not { } network || DeletionPage.Parse(networkId, scopeValue) is not var (scope, confirmation))
        {
            return await pages.NotFoundAsync(http);
        }

        if (!string.Equals(typed, confirmation, StringComparison.Ordinal))
        {
            return await page.RenderAsync(http, network, scopeValue, typed, mismatch: true, request.CoachKeyId(), cancellationToken);
        }

        await erasures.RequestAsync(scope, request.CoachKeyId(), cancellationToken);
        return scope.RoundId is null && scope.SchoolId is null
            ? await pages.MessageAsync(http, "erasureQueuedTitle", "erasureQueuedNetwork", StatusCodes.Status202Accepted, DashboardPages.Root, "backToNetworks")
            : DashboardPages.SeeOther(DashboardPages.Network(networkId) + "?done=erasure");
    }
}
