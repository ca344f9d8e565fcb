using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.ImportSchools;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/schools</c> (text/csv): adds or updates the network's schools.
/// A file with any bad line imports nothing and lists every problem with its line number.
/// </summary>
public sealed class ImportSchools(NetworkAdmin admin)
{
    [Function(nameof(ImportSchools))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/schools")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(admin, networkId, ImportKind.Schools, request, cancellationToken);
}
