using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.UpdateNetwork;

/// <summary>
/// HTTP PATCH <c>/api/coach/networks/{networkId}</c> <c>{"name","coachEmails","retentionDays","keepTrends"}</c>: changes a
/// network's settings; fields left out stay as they are.
/// </summary>
public sealed class UpdateNetwork(NetworkStore networks, NetworkAdmin admin)
{
    [Function(nameof(UpdateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = CoachApi.Routes + "networks/{networkId}")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        // An unknown network is 404 whatever the body holds.
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return CoachApi.NetworkNotFound(networkId);
        }

        var (body, problem) = await CoachApi.ReadJsonAsync<UpdateNetworkRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await admin.UpdateAsync(networkId, body!, request.CoachKeyId(), cancellationToken) switch
        {
            null => CoachApi.NetworkNotFound(networkId),
            (_, { } refused) => Problems.Of(400, "invalid-network", "The settings are not valid", refused.Summary, refused.Errors.ToDictionary()),
            var (network, _) => TypedResults.Ok(network),
        };
    }
}
