using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportRoster;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/roster</c> (text/csv): sets the roster of every school in the file
/// (people no longer listed for those schools are removed). All or nothing, like every import.
/// </summary>
public static class ImportRoster
{
    public static void Map(RouteGroupBuilder coach) => coach.MapPut("/networks/{networkId}/roster", HandleAsync);

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

        var schools = (await networks.ListSchoolsAsync(networkId, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var parsed = RosterCsv.Parse(new StringReader(text!), networkId, schools);
        if (!parsed.IsValid)
        {
            return CoachApi.InvalidImport(parsed.Errors);
        }

        var summary = await networks.ReplaceRostersAsync(networkId, parsed.Rows, cancellationToken);
        await audit.RecordAsync(networkId, http.CoachKeyId(), "roster.import", networkId, $"{parsed.Rows.Count} people: {summary.Created} added, {summary.Updated} updated, {summary.Unchanged} unchanged, {summary.Removed} removed", cancellationToken);
        return TypedResults.Ok(new { rows = parsed.Rows.Count, summary.Created, summary.Updated, summary.Unchanged, summary.Removed });
    }
}
