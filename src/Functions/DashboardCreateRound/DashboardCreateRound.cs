using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardCreateRound;

/// <summary>
/// HTTP POST <c>/api/dashboard/networks/{networkId}/rounds</c> (form): creates a Draft round through the same checks as
/// the coach API, then opens the round's page; a refused form comes back with each error beside its field.
/// </summary>
public sealed class DashboardCreateRound(DashboardPages pages, NewRoundPage page, NetworkStore networks, RoundAdmin admin)
{
    [Function(nameof(DashboardCreateRound))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/rounds")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await pages.RefusedFormAsync(http, DashboardPages.Network(networkId) + "/new-round") is { } expired)
        {
            return expired;
        }

        if (await networks.GetNetworkAsync(networkId, cancellationToken) is not { } network)
        {
            return await pages.NotFoundAsync(http);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var chosen = form["instrument[]"].Where(i => i is not null).Select(i => i!).ToHashSet(StringComparer.Ordinal);
        var sent = new NewRoundForm(
            form["name"].ToString(),
            form["id"].ToString().Trim(),
            page.Instruments().ToDictionary(i => i.Id, i => form["mode:" + i.Id].ToString()),
            chosen,
            form["opensAt"].ToString(),
            form["closesAt"].ToString(),
            form["reminders"].ToString(),
            form["school[]"].Where(s => s is not null).Select(s => s!).ToHashSet(StringComparer.Ordinal));

        // Dates and reminders are read here (the form's own shapes); everything else is checked by the round validator.
        var errors = new Dictionary<string, string[]>();
        var opens = pages.ParseLocal(sent.Opens);
        var closes = pages.ParseLocal(sent.Closes);
        if (opens is null)
        {
            errors["opensAt"] = ["not a date and time"];
        }

        if (closes is null)
        {
            errors["closesAt"] = ["not a date and time"];
        }

        var reminders = new List<string>();
        foreach (var part in sent.Reminders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
            {
                reminders.Add($"P{days}D");
            }
            else
            {
                errors["reminders"] = ["not whole days"];
            }
        }

        var body = new CreateRoundRequest(
            sent.Id.Length == 0 ? null : sent.Id,
            sent.Name,
            [.. chosen.Order(StringComparer.Ordinal).Select(id => new RoundInstrumentRequest(id, null, sent.Modes.GetValueOrDefault(id) is { Length: > 0 } mode ? mode : null))],
            opens,
            closes,
            reminders,
            sent.Schools.Count == 0 ? null : [.. sent.Schools]);
        var outcome = errors.Count > 0 ? null : await admin.CreateAsync(networkId, body, request.CoachKeyId(), cancellationToken);
        switch (outcome)
        {
            case RoundCreation.Created created:
                return DashboardPages.SeeOther(DashboardPages.Round(networkId, created.Round.Id) + "?done=created");
            case RoundCreation.Invalid invalid:
                foreach (var group in invalid.Errors.GroupBy(e => e.Field))
                {
                    errors.TryAdd(group.Key, [.. group.Select(e => e.Message)]);
                }

                break;
            case RoundCreation.Exists:
                errors["idTaken"] = ["exists"];
                break;
        }

        if (errors.Count == 0)
        {
            return await pages.NotFoundAsync(http);
        }

        return await page.RenderAsync(http, network, sent, errors, cancellationToken);
    }
}
