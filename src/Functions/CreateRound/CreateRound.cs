using Microsoft.Azure.Functions.Worker;
using Azure;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.CreateRound;

/// <summary>
/// HTTP POST <c>/api/coach/networks/{networkId}/rounds</c>: creates a Draft round. It opens by itself at
/// <c>opensAt</c> (the round clock), or at once with the open endpoint; opening sends the invitations.
/// </summary>
public sealed class CreateRound(NetworkStore networks, RoundStore rounds, AuditLog audit, Catalog catalog, TimeProvider clock)
{
    [Function(nameof(CreateRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks/{networkId}/rounds")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return CoachApi.NetworkNotFound(networkId);
        }

        var (body, problem) = await CoachApi.ReadJsonAsync<CreateRoundRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var schools = (await networks.ListSchoolsAsync(networkId, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var (round, errors) = RoundRequestValidator.Validate(body!, networkId, catalog, schools, clock.GetUtcNow());
        if (round is null)
        {
            return Problems.Of(400, "invalid-round", "The round is not valid", string.Join(" ", errors.Select(e => e.Message)),
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        try
        {
            await rounds.CreateAsync(round, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return Problems.Of(409, "round-exists", "The round already exists", $"Network '{networkId}' already has a round '{round.Id}'.");
        }

        await audit.RecordAsync(networkId, request.CoachKeyId(), "round.create", round.Id, $"{round.Instruments.Count} instruments, opens {round.OpensAt:u}, closes {round.ClosesAt:u}", cancellationToken);
        return TypedResults.Created($"/api/coach/networks/{networkId}/rounds/{round.Id}", CoachApi.View(round));
    }
}
