using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.GetAuditLog;

/// <summary>HTTP GET <c>/api/coach/networks/{networkId}/audit?max=200</c>: the network's audit log, newest first.</summary>
public sealed class GetAuditLog(AuditLog audit)
{
    [Function(nameof(GetAuditLog))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CoachApi.Routes + "networks/{networkId}/audit")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        if (!request.TryGet<int>("max", out var max))
        {
            return Problems.BadQuery("max");
        }

        var entries = await audit.ListAsync(networkId, Math.Clamp(max ?? 200, 1, 5000), cancellationToken);
        return TypedResults.Ok(entries.Select(e => new { at = e.At, actor = e.Actor, action = e.Action, target = e.Target, details = e.Details }));
    }
}
