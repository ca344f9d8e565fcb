using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;

namespace ReadinessPipeline.Functions.DashboardConfirmClose;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/close</c>: asks the coach to confirm closing the round now.</summary>
public sealed class DashboardConfirmClose(RoundChange change)
{
    [Function(nameof(DashboardConfirmClose))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}/close")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        change.ConfirmAsync(request.HttpContext, networkId, roundId, open: false, cancellationToken);
}
