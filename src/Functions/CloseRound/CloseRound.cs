using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.CloseRound;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/close</c> ("close now"): Open -> Closing, and the one
/// profile-building message. A second close, even at the same moment, gets 409.
/// </summary>
public sealed class CloseRound(RoundLifecycle lifecycle)
{
    [Function(nameof(CloseRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/close")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        CoachApi.Transition(await lifecycle.CloseAsync(networkId, roundId, request.CoachKeyId(), cancellationToken), networkId, roundId);
}
