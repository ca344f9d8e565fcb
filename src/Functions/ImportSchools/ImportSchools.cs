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

    private static async Task<IResult> HandleAsync(string networkId, HttpContext http, NetworkStore networks, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return CoachApi.NetworkNotFound(networkId);
        }

        var (text, problem) = await CoachApi.ReadCsvAsync(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = SchoolCsv.Parse(new StringReader(text!), networkId);
        if (!parsed.IsValid)
        {
            return CoachApi.InvalidImport(parsed.Errors);
        }

        var summary = await networks.ImportSchoolsAsync(networkId, parsed.Rows, cancellationToken);
        await audit.RecordAsync(networkId, http.CoachKeyId(), "schools.import", networkId, $"{parsed.Rows.Count} rows: {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged", cancellationToken);
        return TypedResults.Ok(new { rows = parsed.Rows.Count, summary.Created, summary.Updated, summary.Unchanged });
    }
}
