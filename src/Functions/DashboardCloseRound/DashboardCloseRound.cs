using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;

namespace ReadinessPipeline.Functions.DashboardCloseRound;

/// <summary>HTTP POST <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/close</c> (the confirmation's form): closes the round now, as the coach API does.</summary>
public sealed class DashboardCloseRound(RoundChange change)
{
    [Function(nameof(DashboardCloseRound))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/rounds/{roundId}/close")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        change.ApplyAsync(request.HttpContext, networkId, roundId, open: false, request.CoachKeyId(), cancellationToken);
}
