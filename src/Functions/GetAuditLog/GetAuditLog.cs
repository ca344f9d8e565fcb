using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.GetAuditLog;

/// <summary>HTTP GET <c>/api/coach/networks/{networkId}/audit?max=200</c>: the network's audit log, newest first.</summary>
public static class GetAuditLog
{
    public static void Map(RouteGroupBuilder coach) => coach.MapGet("/networks/{networkId}/audit", HandleAsync);

    private static async Task<IResult> HandleAsync(string networkId, int? max, AuditLog audit, CancellationToken cancellationToken)
    {
        var entries = await audit.ListAsync(networkId, Math.Clamp(max ?? 200, 1, 5000), cancellationToken);
        return TypedResults.Ok(entries.Select(e => new { at = e.At, actor = e.Actor, action = e.Action, target = e.Target, details = e.Details }));
    }
}
