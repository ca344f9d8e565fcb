using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.OpenRound;

/// <summary>HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/open</c>: opens a Draft round now and sends its invitations.</summary>
public static class OpenRound
{
    public static void Map(RouteGroupBuilder coach) => coach.MapPost("/networks/{networkId}/rounds/{roundId}/open", HandleAsync);

    private static async Task<IResult> HandleAsync(string networkId, string roundId, HttpContext http, RoundLifecycle lifecycle, CancellationToken cancellationToken) =>
        CoachApi.Transition(await lifecycle.OpenAsync(networkId, roundId, http.CoachKeyId(), cancellationToken), networkId, roundId);
}
