using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.ImportOptOuts;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/opt-outs</c> (text/csv <c>school_id,email</c>): students whose families
/// declined the survey. They get no personal link in confidential student rounds and are not counted as invited.
/// </summary>
public static class ImportOptOuts
{
    public static void Map(RouteGroupBuilder coach) => coach.MapPut("/networks/{networkId}/opt-outs", HandleAsync);

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
        var parsed = OptOutCsv.Parse(new StringReader(text!), networkId, schools);
        if (!parsed.IsValid)
        {
            return CoachApi.InvalidImport(parsed.Errors);
        }

        var summary = await networks.AddOptOutsAsync(networkId, [.. parsed.Rows.Select(o => (o.SchoolId, o.RosterKey))], cancellationToken);
        await audit.RecordAsync(networkId, http.CoachKeyId(), "optouts.import", networkId, $"{parsed.Rows.Count} opt-outs: {summary.Created} new", cancellationToken);
        return TypedResults.Ok(new { rows = parsed.Rows.Count, summary.Created, summary.Unchanged });
    }
}
