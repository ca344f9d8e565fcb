using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.GetRoundStatus;

/// <summary>HTTP GET <c>/api/coach/networks/{networkId}/rounds/{roundId}</c>: the round with invited / responded / response rate per school and instrument, network totals, report deliveries, email counts (sent, sending, failed) by kind, and the schools with more student answers than expected.</summary>
public sealed class GetRoundStatus(RoundStatusReader status)
{
    [Function(nameof(GetRoundStatus))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken)
    {
        var result = await status.ReadAsync(networkId, roundId, cancellationToken);
        if (result is null)
        {
            return CoachApi.RoundNotFound(networkId, roundId);
        }

        static object Row(InstrumentProgress p) => new
        {
            schoolId = p.SchoolId,
            schoolName = p.SchoolName,
            instrumentId = p.InstrumentId,
            mode = p.Mode.ToString().ToLowerInvariant(),
            invited = p.Invited,
            responded = p.Responded,
            responseRate = p.ResponseRate,
        };

        return TypedResults.Ok(new
        {
            round = CoachApi.View(result.Round),
            schools = result.Schools.Select(Row),
            network = result.Network.Select(Row),
            reports = result.Reports.Select(r => new { target = r.Target, status = r.Status }),
            emails = result.Emails.Select(e => new { kind = e.Kind, sent = e.Sent, sending = e.Sending, failed = e.Failed }),
            overExpected = result.OverExpected.Select(o => new { schoolId = o.SchoolId, schoolName = o.SchoolName, expected = o.Expected, responded = o.Responded }),
        });
    }
}
