using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.ImportRoster;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/roster</c> (text/csv): sets the roster of every school in the file
/// (people no longer listed for those schools are removed). All or nothing, like every import.
/// </summary>
public sealed class ImportRoster(NetworkAdmin admin)
{
    [Function(nameof(ImportRoster))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/roster")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(admin, networkId, ImportKind.Roster, request, cancellationToken);
}
