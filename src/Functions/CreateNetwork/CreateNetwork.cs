using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.CreateNetwork;

/// <summary>
/// HTTP POST <c>/api/coach/networks</c> <c>{"id","name","coachEmails"}</c>: creates a network (again with the same id:
/// 200, unchanged). Coach emails receive the network summary of each round.
/// </summary>
public sealed class CreateNetwork(NetworkAdmin admin)
{
    [Function(nameof(CreateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await CoachApi.ReadJsonAsync<CreateNetworkRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (network, created, refused) = await admin.CreateAsync(body!, request.CoachKeyId(), cancellationToken);
        if (refused is not null)
        {
            return Problems.Of(400, "invalid-network", "The network is not valid", refused.Summary, refused.Errors.ToDictionary());
        }

        return created ? TypedResults.Created($"/api/coach/networks/{network!.Id}", network) : TypedResults.Ok(network);
    }
}
