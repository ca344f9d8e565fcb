using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.OpenRound;

/// <summary>HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/open</c>: opens a Draft round now and sends its invitations.</summary>
public sealed class OpenRound(RoundLifecycle lifecycle)
{
    [Function(nameof(OpenRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/open")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        CoachApi.Transition(await lifecycle.OpenAsync(networkId, roundId, request.CoachKeyId(), cancellationToken), networkId, roundId);
}
