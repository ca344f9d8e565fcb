using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.UpdateNetwork;

/// <summary>
/// HTTP PATCH <c>/api/coach/networks/{networkId}</c> <c>{"name","coachEmails","retentionDays","keepTrends"}</c>: changes a
/// network's settings; fields left out stay as they are.
/// </summary>
public sealed class UpdateNetwork(NetworkStore networks, AuditLog audit)
{
    public sealed record Request(string? Name, IReadOnlyList<string>? CoachEmails, int? RetentionDays, bool? KeepTrends);

    [Function(nameof(UpdateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = CoachApi.Routes + "networks/{networkId}")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        var network = await networks.GetNetworkAsync(networkId, cancellationToken);
        if (network is null)
        {
            return CoachApi.NetworkNotFound(networkId);
        }

        var (body, problem) = await CoachApi.ReadJsonAsync<Request>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (body!.Name is { } name && DisplayNames.Problem(name, "network") is { } badName)
        {
            errors["name"] = [badName];
        }

        if (body.RetentionDays is < 30 or > 3650)
        {
            errors["retentionDays"] = ["Retention must be from 30 to 3650 days."];
        }

        var emails = new List<string>();
        foreach (var email in body.CoachEmails ?? [])
        {
            if (EmailAddresses.TryNormalize(email, out var address))
            {
                emails.Add(address);
            }
            else
            {
                errors["coachEmails"] = ["Every coach email must be an email address."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Of(400, "invalid-network", "The settings are not valid", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        var updated = network with
        {
            Name = body.Name?.Trim() ?? network.Name,
            CoachEmails = body.CoachEmails is null ? network.CoachEmails : emails,
            RetentionDays = body.RetentionDays ?? network.RetentionDays,
            KeepTrends = body.KeepTrends ?? network.KeepTrends,
        };
        await networks.UpdateNetworkAsync(updated, cancellationToken);
        await audit.RecordAsync(networkId, request.CoachKeyId(), "network.update", networkId,
            $"retention {(updated.RetentionDays is { } days ? $"{days} days" : "default")}, trends {(updated.KeepTrends ? "kept" : "not kept")}, {updated.CoachEmails.Count} coach email(s)", cancellationToken);
        return TypedResults.Ok(new { id = updated.Id, name = updated.Name, coachEmails = updated.CoachEmails, retentionDays = updated.RetentionDays, keepTrends = updated.KeepTrends });
    }
}
