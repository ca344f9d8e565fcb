using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.ImportOptOuts;

/// <summary>
/// HTTP PUT <c>/api/coach/networks/{networkId}/opt-outs</c> (text/csv <c>school_id,email</c>): students whose families
/// declined the survey. They get no personal link in confidential student rounds and are not counted as invited.
/// </summary>
public sealed class ImportOptOuts(NetworkAdmin admin)
{
    [Function(nameof(ImportOptOuts))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CoachApi.Routes + "networks/{networkId}/opt-outs")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken) =>
        CoachApi.ImportCsvAsync(admin, networkId, ImportKind.OptOuts, request, cancellationToken);
}
