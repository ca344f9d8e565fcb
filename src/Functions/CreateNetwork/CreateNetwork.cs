using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.CreateNetwork;

/// <summary>
/// HTTP POST <c>/api/coach/networks</c> <c>{"id","name","coachEmails"}</c>: creates a network (again with the same id:
/// 200, unchanged). Coach emails receive the network summary of each round.
/// </summary>
public static class CreateNetwork
{
    public sealed record Request(string? Id, string? Name, IReadOnlyList<string>? CoachEmails);

    public static void Map(RouteGroupBuilder coach) => coach.MapPost("/networks", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, NetworkStore networks, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, problem) = await CoachApi.ReadJsonAsync<Request>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Ids.IsValidNew(request!.Id))
        {
            errors["id"] = ["A network id is 3 to 63 lowercase letters, digits or dashes."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 120)
        {
            errors["name"] = ["A network needs a name of 1 to 120 characters."];
        }

        var coachEmails = new List<string>();
        foreach (var email in request.CoachEmails ?? [])
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

        var (network, created) = await networks.CreateNetworkAsync(new Network(request.Id!, request.Name!.Trim(), clock.GetUtcNow()) { CoachEmails = coachEmails }, cancellationToken);
        var body = new { id = network.Id, name = network.Name, coachEmails = network.CoachEmails, createdAt = network.CreatedAt };
        await audit.RecordAsync(network.Id, http.CoachKeyId(), "network.create", network.Id, created ? $"created with {coachEmails.Count} coach email(s)" : "already existed; unchanged", cancellationToken);
        return created ? TypedResults.Created($"/api/coach/networks/{network.Id}", body) : TypedResults.Ok(body);
    }

}
