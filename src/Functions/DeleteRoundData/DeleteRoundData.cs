using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.DeleteNetworkData;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;

namespace ReadinessPipeline.Functions.DeleteRoundData;

/// <summary>HTTP DELETE <c>/api/coach/networks/{networkId}/rounds/{roundId}</c>: erase one round (see <see cref="Erasure"/>).</summary>
public sealed class DeleteRoundData(Erasure erasure)
{
    [Function(nameof(DeleteRoundData))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = CoachApi.Routes + "networks/{networkId}/rounds/{roundId}")] HttpRequest request,
        string networkId,
        string roundId,
        CancellationToken cancellationToken) =>
        erasure.HandleAsync(new ErasureScope(networkId, RoundId: roundId), request, cancellationToken);
}
