using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;

namespace ReadinessPipeline.Functions.DashboardOpenRound;

/// <summary>HTTP POST <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/open</c> (the confirmation's form): opens the round now, as the coach API does.</summary>
public sealed class DashboardOpenRound(RoundChange change)
{
    [Function(nameof(DashboardOpenRound))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/rounds/{roundId}/open")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        change.ApplyAsync(request.HttpContext, networkId, roundId, open: true, request.CoachKeyId(), cancellationToken);
}
