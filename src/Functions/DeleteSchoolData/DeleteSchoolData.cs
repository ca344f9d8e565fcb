using ReadinessPipeline.Functions.DeleteNetworkData;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DeleteSchoolData;

/// <summary>HTTP DELETE <c>/api/coach/networks/{networkId}/schools/{schoolId}</c>: erase one school in every round (see <see cref="Erasure"/>).</summary>
public static class DeleteSchoolData
{
    public static void Map(RouteGroupBuilder coach) =>
        coach.MapDelete("/networks/{networkId}/schools/{schoolId}", (string networkId, string schoolId, bool? dryRun, HttpContext http, DataEraser eraser, WorkQueue queue, AuditLog audit, CancellationToken ct) =>
            Erasure.HandleAsync(new ErasureScope(networkId, SchoolId: schoolId), dryRun == true, http, eraser, queue, audit, ct));
}
