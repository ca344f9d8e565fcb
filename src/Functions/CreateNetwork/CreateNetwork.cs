using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.CreateNetwork;

/// <summary>
/// HTTP POST <c>/api/coach/networks</c> <c>{"id","name","coachEmails"}</c>: creates a network (again with the same id:
/// 200, unchanged). Coach emails receive the network summary of each round.
/// </summary>
public sealed class CreateNetwork(NetworkStore networks, AuditLog audit, TimeProvider clock)
{
    public sealed record Request(string? Id, string? Name, IReadOnlyList<string>? CoachEmails);

    [Function(nameof(CreateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CoachApi.Routes + "networks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await CoachApi.ReadJsonAsync<Request>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Ids.IsValidNew(body!.Id))
        {
            errors["id"] = ["A network id is 3 to 63 lowercase letters, digits or dashes."];
        }

        if (DisplayNames.Problem(body.Name, "network") is { } badName)
        {
            errors["name"] = [badName];
        }

        var coachEmails = new List<string>();
        foreach (var email in body.CoachEmails ?? [])
        {
            if (EmailAddresses.TryNormalize(email, out var address))
            {
                coachEmails.Add(address);
            }
            else
            {
                errors["coachEmails"] = [$"'{new string([.. (email ?? "").Take(60)])}' is not an email address."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Of(400, "invalid-network", "The network is not valid", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        var (network, created) = await networks.CreateNetworkAsync(new Network(body.Id!, body.Name!.Trim(), clock.GetUtcNow()) { CoachEmails = coachEmails }, cancellationToken);
        var view = new { id = network.Id, name = network.Name, coachEmails = network.CoachEmails, createdAt = network.CreatedAt };
        await audit.RecordAsync(network.Id, request.CoachKeyId(), "network.create", network.Id, created ? $"created with {coachEmails.Count} coach email(s)" : "already existed; unchanged", cancellationToken);
        return created ? TypedResults.Created($"/api/coach/networks/{network.Id}", view) : TypedResults.Ok(view);
    }

}
