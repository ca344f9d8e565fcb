using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportRoster;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/roster</c> (text/csv): sets the roster of every school in the file
/// (people no longer listed for those schools are removed). All or nothing, like every import.
/// </summary>
public sealed class ImportRoster(NetworkStore networks, AuditLog audit)
{
    [Function(nameof(ImportRoster))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/roster")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(
            networkId,
            request,
            networks,
            async text => RosterCsv.Parse(new StringReader(text), networkId, await CoachApi.SchoolIdsAsync(networks, networkId, cancellationToken)),
            async rows =>
            {
                var summary = await networks.ReplaceRostersAsync(networkId, rows, cancellationToken);
                await audit.RecordAsync(networkId, request.CoachKeyId(), "roster.import", networkId, $"{rows.Count} people: {summary.Created} added, {summary.Updated} updated, {summary.Unchanged} unchanged, {summary.Removed} removed", cancellationToken);
                return TypedResults.Ok(new { rows = rows.Count, summary.Created, summary.Updated, summary.Unchanged, summary.Removed });
            },
            cancellationToken);
}
