using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportSchools;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/schools</c> (text/csv): adds or updates the network's schools.
/// A file with any bad line imports nothing and lists every problem with its line number.
/// </summary>
public sealed class ImportSchools(NetworkStore networks, AuditLog audit)
{
    [Function(nameof(ImportSchools))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/schools")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(
            networkId,
            request,
            networks,
            text => Task.FromResult(SchoolCsv.Parse(new StringReader(text), networkId)),
            async rows =>
            {
                var summary = await networks.ImportSchoolsAsync(networkId, rows, cancellationToken);
                await audit.RecordAsync(networkId, request.CoachKeyId(), "schools.import", networkId, $"{rows.Count} rows: {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged", cancellationToken);
                return TypedResults.Ok(new { rows = rows.Count, summary.Created, summary.Updated, summary.Unchanged });
            },
            cancellationToken);
}
