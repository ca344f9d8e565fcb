using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.CreateRound;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds</c>: creates a Draft round. It opens by itself at
/// <c>opensAt</c> (the round clock), or at once with the open endpoint; opening sends the invitations.
/// </summary>
public sealed class CreateRound(NetworkStore networks, RoundAdmin admin)
{
    [Function(nameof(CreateRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        // An unknown network is 404 whatever the body holds.
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return CoachApi.NetworkNotFound(networkId);
        }

        var (body, problem) = await CoachApi.ReadJsonAsync<CreateRoundRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await admin.CreateAsync(networkId, body!, request.CoachKeyId(), cancellationToken) switch
        {
            RoundCreation.Created created => TypedResults.Created($"/api/coach/networks/{networkId}/rounds/{created.Round.Id}", RoundViews.View(created.Round)),
            RoundCreation.Invalid invalid => Problems.Of(400, "invalid-round", "The round is not valid", string.Join(" ", invalid.Errors.Select(e => e.Message)),
                invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
            RoundCreation.Exists exists => Problems.Of(409, "round-exists", "The round already exists", $"Network '{networkId}' already has a round '{exists.RoundId}'."),
            _ => CoachApi.NetworkNotFound(networkId),
        };
    }
}
