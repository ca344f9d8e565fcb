using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;

namespace ReadinessPipeline.Functions.DeleteNetworkData;

/// <summary>
/// HTTP DELETE <c>/api/coach/networks/{networkId}</c> (and <c>.../rounds/{roundId}</c>, <c>.../schools/{schoolId}</c>,
/// in their own function folders): with <c>?dryRun=true</c> lists what would be erased; otherwise queues the erasure
/// (202) and records the request in the audit log.
/// </summary>
public sealed class DeleteNetworkData(Erasure erasure)
{
    [Function(nameof(DeleteNetworkData))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = CoachApi.Routes + "networks/{networkId}")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        erasure.HandleAsync(new ErasureScope(networkId), request, cancellationToken);
}

/// <summary>What the three deletion functions share: the <c>dryRun</c> query value, then <see cref="ErasureRequests"/>.</summary>
public sealed class Erasure(ErasureRequests requests)
{
    public async Task<IResult> HandleAsync(ErasureScope scope, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.TryGet<bool>("dryRun", out var dryRun))
        {
            return Problems.BadQuery("dryRun");
        }

        return dryRun == true
            ? TypedResults.Ok(await requests.DryRunAsync(scope, request.CoachKeyId(), cancellationToken))
            : TypedResults.Accepted((string?)null, await requests.RequestAsync(scope, request.CoachKeyId(), cancellationToken));
    }
}
