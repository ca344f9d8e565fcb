using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.DeleteNetworkData;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;

namespace ReadinessPipeline.Functions.DeleteSchoolData;

/// <summary>HTTP DELETE <c>/api/coach/networks/{networkId}/schools/{schoolId}</c>: erase one school in every round (see <see cref="Erasure"/>).</summary>
public sealed class DeleteSchoolData(Erasure erasure)
{
    [Function(nameof(DeleteSchoolData))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = CoachApi.Routes + "networks/{networkId}/schools/{schoolId}")] HttpRequest request,
        string networkId,
        string schoolId,
        CancellationToken cancellationToken) =>
        erasure.HandleAsync(new ErasureScope(networkId, SchoolId: schoolId), request, cancellationToken);
}
