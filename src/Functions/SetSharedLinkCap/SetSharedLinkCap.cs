using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.SetSharedLinkCap;

/// <summary>
/// HTTP PATCH <c>/api/coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}</c>
/// <c>{"cap": 60}</c>: how many answers the school's shared link for the instrument may take (before or while the round
/// runs); <c>{"cap": null}</c> goes back to the default. Recorded in the audit log.
/// </summary>
public sealed class SetSharedLinkCap(SharedLinkActions sharedLinks)
{
    [Function(nameof(SetSharedLinkCap))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        string instrumentId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await CoachApi.ReadJsonAsync<SharedLinkCapRequest>(request, cancellationToken);
        return problem ?? CoachApi.SharedLinkAnswer(await sharedLinks.SetCapAsync(new RoundKey(networkId, roundId), schoolId, instrumentId, body!.Cap, request.CoachKeyId(), cancellationToken));
    }
}
