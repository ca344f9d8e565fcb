using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

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

/// <summary>What the three deletion functions share.</summary>
public sealed class Erasure(DataEraser eraser, WorkQueue queue, AuditLog audit)
{
    public async Task<IResult> HandleAsync(ErasureScope scope, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.TryGet<bool>("dryRun", out var dryRun))
        {
            return Problems.BadQuery("dryRun");
        }

        var actor = request.CoachKeyId();
        if (dryRun == true)
        {
            var plan = await eraser.EraseAsync(scope, dryRun: true, cancellationToken);
            await audit.RecordAsync(scope.NetworkId, actor, "data.delete.dry-run", scope.ToString(), $"{plan.Total} items listed", cancellationToken);
            return TypedResults.Ok(new { scope = scope.ToString(), dryRun = true, total = plan.Total, items = plan.Items.Select(i => new { what = i.What, count = i.Count }) });
        }

        await queue.SendAsync(StorageNames.ErasureQueue, new EraseDataMessage(scope.NetworkId, scope.RoundId, scope.SchoolId, actor, Sweep: false), cancellationToken);
        await audit.RecordAsync(scope.NetworkId, actor, "data.delete.requested", scope.ToString(), "queued", cancellationToken);
        return TypedResults.Accepted((string?)null, new { scope = scope.ToString(), message = "The erasure is queued; the audit log records what was erased. A second pass runs later to catch work that was in flight." });
    }
}
