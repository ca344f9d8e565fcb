using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.ListSharedLinks;

/// <summary>
/// HTTP GET <c>/api/coach/networks/{networkId}/rounds/{roundId}/shared-links</c>: every school's shared (class) link of
/// the round by instrument: whether it is on, its cap and where the cap came from, the answers it has taken, and how
/// often it was replaced.
/// </summary>
public sealed class ListSharedLinks(SharedLinkActions sharedLinks)
{
    [Function(nameof(ListSharedLinks))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/shared-links")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        await sharedLinks.ListAsync(new RoundKey(networkId, roundId), cancellationToken) is { } links
            ? TypedResults.Ok(links.Select(RoundViews.View).ToList())
            : CoachApi.RoundNotFound(networkId, roundId);
}
