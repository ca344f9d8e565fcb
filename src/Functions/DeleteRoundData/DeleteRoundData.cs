using ReadinessPipeline.Functions.DeleteNetworkData;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DeleteRoundData;

/// <summary>HTTP DELETE <c>/api/coach/networks/{networkId}/rounds/{roundId}</c>: erase one round (see <see cref="Erasure"/>).</summary>
public static class DeleteRoundData
{
    public static void Map(RouteGroupBuilder coach) =>
        coach.MapDelete("/networks/{networkId}/rounds/{roundId}", (string networkId, string roundId, bool? dryRun, HttpContext http, DataEraser eraser, WorkQueue queue, AuditLog audit, CancellationToken ct) =>
            Erasure.HandleAsync(new ErasureScope(networkId, RoundId: roundId), dryRun == true, http, eraser, queue, audit, ct));
}
