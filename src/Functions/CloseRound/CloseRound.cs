using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.CloseRound;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/close</c> ("close now"): Open -> Closing, and the one
/// profile-building message. A second close, even at the same moment, gets 409.
/// </summary>
public static class CloseRound
{
    public static void Map(RouteGroupBuilder coach) => coach.MapPost("/networks/{networkId}/rounds/{roundId}/close", HandleAsync);

    private static async Task<IResult> HandleAsync(string networkId, string roundId, HttpContext http, RoundLifecycle lifecycle, CancellationToken cancellationToken) =>
        CoachApi.Transition(await lifecycle.CloseAsync(networkId, roundId, http.CoachKeyId(), cancellationToken), networkId, roundId);
}
