using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportSchools;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/schools</c> (text/csv): adds or updates the network's schools.
/// A file with any bad line imports nothing and lists every problem with its line number.
/// </summary>
public static class ImportSchools
{
    public static void Map(RouteGroupBuilder coach) => coach.MapPut("/networks/{networkId}/schools", HandleAsync);

    private static Task<IResult> HandleAsync(string networkId, HttpContext http, NetworkStore networks, AuditLog audit, CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(
            networkId,
            http,
            networks,
            text => Task.FromResult(SchoolCsv.Parse(new StringReader(text), networkId)),
            async rows =>
            {
                var summary = await networks.ImportSchoolsAsync(networkId, rows, cancellationToken);
                await audit.RecordAsync(networkId, http.CoachKeyId(), "schools.import", networkId, $"{rows.Count} rows: {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged", cancellationToken);
                return TypedResults.Ok(new { rows = rows.Count, summary.Created, summary.Updated, summary.Unchanged });
            },
            cancellationToken);
}
