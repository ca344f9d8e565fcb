using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;

namespace ReadinessPipeline.Functions.DashboardConfirmOpen;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/open</c>: asks the coach to confirm opening the round now.</summary>
public sealed class DashboardConfirmOpen(RoundChange change)
{
    [Function(nameof(DashboardConfirmOpen))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}/open")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        change.ConfirmAsync(request.HttpContext, networkId, roundId, open: true, cancellationToken);
}
