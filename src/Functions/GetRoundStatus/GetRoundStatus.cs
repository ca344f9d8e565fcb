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
        CancellationToken cancellationToken) =>
        await status.ReadAsync(networkId, roundId, cancellationToken) is { } result
            ? TypedResults.Ok(RoundViews.View(result))
            : CoachApi.RoundNotFound(networkId, roundId);
}
