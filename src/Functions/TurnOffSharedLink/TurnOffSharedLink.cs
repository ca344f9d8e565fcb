using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.TurnOffSharedLink;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/turn-off</c>:
/// turns the school's shared link for the instrument off (it answers "turned off" from then on). Recorded in the audit log.
/// </summary>
public sealed class TurnOffSharedLink(SharedLinkActions sharedLinks)
{
    [Function(nameof(TurnOffSharedLink))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/turn-off")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        string instrumentId,
        CancellationToken cancellationToken) =>
        CoachApi.SharedLinkAnswer(await sharedLinks.TurnOffAsync(new RoundKey(networkId, roundId), schoolId, instrumentId, request.CoachKeyId(), cancellationToken));
}
