using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportOptOuts;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/opt-outs</c> (text/csv <c>school_id,email</c>): students whose families
/// declined the survey. They get no personal link in confidential student rounds and are not counted as invited.
/// </summary>
public sealed class ImportOptOuts(NetworkStore networks, AuditLog audit)
{
    [Function(nameof(ImportOptOuts))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/opt-outs")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(
            networkId,
            request,
            networks,
            async text => OptOutCsv.Parse(new StringReader(text), networkId, await CoachApi.SchoolIdsAsync(networks, networkId, cancellationToken)),
            async rows =>
            {
                var summary = await networks.AddOptOutsAsync(networkId, [.. rows.Select(o => (o.SchoolId, o.RosterKey))], cancellationToken);
                await audit.RecordAsync(networkId, request.CoachKeyId(), "optouts.import", networkId, $"{rows.Count} opt-outs: {summary.Created} new", cancellationToken);
                return TypedResults.Ok(new { rows = rows.Count, summary.Created, summary.Unchanged });
            },
            cancellationToken);
}
