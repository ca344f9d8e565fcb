using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>
/// Data deletion from the dashboard: choose what (the network, a round, a school), see the dry run's list of what would
/// be erased (audited as a dry run), then type the id of what is erased to confirm. The same requests as the coach API.
/// </summary>
public sealed class DeletionPage(DashboardPages pages, NetworkStore networks, RoundStore rounds, ErasureRequests erasures)
{
    /// <summary>The scope a form's <c>scope</c> value names (<c>network</c>, <c>round:&lt;id&gt;</c>, <c>school:&lt;id&gt;</c>), with the id to type; null when it names nothing valid.</summary>
    public static (ErasureScope Scope, string Confirmation)? Parse(string networkId, string? value) => value?.Split(':', 2) switch
    {
        ["network"] => (new ErasureScope(networkId), networkId),
        ["round", var round] when Ids.IsValid(round) => (new ErasureScope(networkId, RoundId: round), round),
        ["school", var school] when Ids.IsValid(school) => (new ErasureScope(networkId, SchoolId: school), school),
        _ => null,
    };

    public async Task<IResult> RenderAsync(HttpContext http, Network network, string? scopeValue, string? typed, bool mismatch, string actor, CancellationToken cancellationToken)
    {
        var language = pages.Language(http);
        var ui = pages.Words(language);
        var choices = new List<(string Value, string Text)> { ("network", pages.Text(language, "deleteNetwork", ("network", network.Name))) };
        await foreach (var round in rounds.ListAsync(network.Id, cancellationToken))
        {
            choices.Add(($"round:{round.Id}", pages.Text(language, "deleteRound", ("round", round.Name))));
        }

        choices.AddRange((await networks.ListSchoolsAsync(network.Id, cancellationToken)).OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => ($"school:{s.Id}", pages.Text(language, "deleteSchool", ("school", s.Name)))));
        var parsed = choices.Any(c => c.Value == scopeValue) ? Parse(network.Id, scopeValue) : null;
        object? plan = null;
        var errors = new List<FieldError>();
        if (parsed is var (scope, confirmation))
        {
            var listed = await erasures.DryRunAsync(scope, actor, cancellationToken);
            var field = new FormField("confirm", pages.Text(language, "deleteConfirm", ("id", confirmation)), typed, mismatch ? pages.Text(language, "deleteMismatch", ("id", confirmation)) : null, ui["deleteConfirmHint"]) { Autocomplete = "off", Required = true };
            if (field.Error is not null)
            {
                errors.Add(new FieldError(field.Id, field.Error));
            }

            plan = new
            {
                Heading = pages.Text(language, "deletePlan", ("total", listed.Total), ("what", choices.First(c => c.Value == scopeValue).Text)),
                Items = listed.Items.Select(i => new { i.What, i.Count }).ToList(),
                Scope = scopeValue,
                Confirm = field,
            };
        }

        return await pages.PageAsync(http, "delete", ui["deleteTitle"], new
        {
            NetworkName = network.Name,
            NetworkHref = DashboardPages.Network(network.Id),
            Choices = choices.Select(c => new { c.Value, c.Text, Checked = c.Value == scopeValue }).ToList(),
            Plan = plan,
            Errors = errors,
        }, mismatch ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
