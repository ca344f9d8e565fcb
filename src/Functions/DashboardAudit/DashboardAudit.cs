using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardAudit;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/audit</c>: the network's audit log, newest first (the last 200 entries).</summary>
public sealed class DashboardAudit(DashboardPages pages, NetworkStore networks, AuditLog audit)
{
    public const int Shown = 200;

    [Function(nameof(DashboardAudit))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/audit")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        // An erased network keeps its audit entries (the record of the erasure), so they are shown by its id.
        var http = request.HttpContext;
        var name = (await networks.GetNetworkAsync(networkId, cancellationToken))?.Name ?? networkId;
        var language = pages.Language(http);
        var entries = await audit.ListAsync(networkId, Shown, cancellationToken);
        return await pages.PageAsync(http, "audit", pages.Words(language)["auditTitle"], new
        {
            NetworkName = name,
            NetworkHref = DashboardPages.Network(networkId),
            Caption = pages.Text(language, "auditCaption", ("count", entries.Count), ("network", name)),
            Entries = entries.Select(e => new { At = pages.When(language, e.At), e.Actor, e.Action, e.Target, e.Details }).ToList(),
        });
    }
}
