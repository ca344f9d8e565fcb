using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DeleteNetworkData;

/// <summary>
/// HTTP DELETE <c>/api/coach/networks/{networkId}</c> (and <c>.../rounds/{roundId}</c>, <c>.../schools/{schoolId}</c>,
/// in their own function folders): with <c>?dryRun=true</c> lists what would be erased; otherwise queues the erasure
/// (202) and records the request in the audit log.
/// </summary>
public static class DeleteNetworkData
{
    public static void Map(RouteGroupBuilder coach) =>
        coach.MapDelete("/networks/{networkId}", (string networkId, bool? dryRun, HttpContext http, DataEraser eraser, WorkQueue queue, AuditLog audit, CancellationToken ct) =>
            Erasure.HandleAsync(new ErasureScope(networkId), dryRun == true, http, eraser, queue, audit, ct));
}

/// <summary>What the three deletion endpoints share.</summary>
public static class Erasure
{
    public static async Task<IResult> HandleAsync(ErasureScope scope, bool dryRun, HttpContext http, DataEraser eraser, WorkQueue queue, AuditLog audit, CancellationToken cancellationToken)
    {
        var actor = http.CoachKeyId();
        if (dryRun)
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
