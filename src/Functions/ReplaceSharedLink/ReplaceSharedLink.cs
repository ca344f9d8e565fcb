using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.ReplaceSharedLink;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/replace</c>:
/// turns the school's shared link for the instrument off and sends its design team a new one by email (202: the email is
/// queued). The cap and the answers taken carry over. Recorded in the audit log.
/// </summary>
public sealed class ReplaceSharedLink(SharedLinkActions sharedLinks)
{
    [Function(nameof(ReplaceSharedLink))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/replace")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        string instrumentId,
        CancellationToken cancellationToken) =>
        CoachApi.SharedLinkAnswer(await sharedLinks.ReplaceAsync(new RoundKey(networkId, roundId), schoolId, instrumentId, request.CoachKeyId(), cancellationToken), StatusCodes.Status202Accepted);
}
