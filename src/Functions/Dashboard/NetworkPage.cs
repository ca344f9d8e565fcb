using System.Globalization;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>What a network page shows after a form on it was sent: a notice, a refused import, or refused settings.</summary>
/// <remarks><see cref="ImportErrors"/> are the engine's (in English); <see cref="ImportProblem"/> is the page's own, in its language (no file chosen, too large).</remarks>
public sealed record NetworkPageState(string? Notice = null, ImportKind? ImportKind = null, string? ImportNotice = null, IReadOnlyList<ImportError>? ImportErrors = null,
    IReadOnlyDictionary<string, string>? Settings = null, IReadOnlyDictionary<string, string[]>? SettingsErrors = null, string? ImportProblem = null)
{
    public bool Refused => ImportErrors is { Count: > 0 } || ImportProblem is not null || SettingsErrors is not null;
}

/// <summary>A network's page: its rounds, schools with roster and opt-out counts, imports and settings.</summary>
public sealed class NetworkPage(DashboardPages pages, NetworkStore networks, RoundStore rounds)
{
    public static readonly (ImportKind Kind, string Path)[] Imports = [(ImportKind.Schools, "schools"), (ImportKind.Roster, "roster"), (ImportKind.OptOuts, "opt-outs")];

    public async Task<IResult> RenderAsync(HttpContext http, Network network, NetworkPageState state, CancellationToken cancellationToken)
    {
        var language = pages.Language(http);
        var ui = pages.Words(language);
        var schools = await networks.ListSchoolsAsync(network.Id, cancellationToken);
        var roster = await networks.ListRosterAsync(network.Id, null, cancellationToken);
        var optOuts = await networks.ListOptOutsAsync(network.Id, cancellationToken);
        var roundList = new List<Round>();
        await foreach (var round in rounds.ListAsync(network.Id, cancellationToken))
        {
            roundList.Add(round);
        }

        var href = DashboardPages.Network(network.Id);
        string? Setting(string field, string current) => state.Settings?.GetValueOrDefault(field) ?? current;
        string? Error(string field) => DashboardPages.FieldError(ui, field, state.SettingsErrors);
        var settings = new[]
        {
            new FormField("name", ui["networkName"], Setting("name", network.Name), Error("name")) { Required = true, Autocomplete = "off" },
            new FormField("coachEmails", ui["coachEmails"], Setting("coachEmails", string.Join('\n', network.CoachEmails)), Error("coachEmails"), ui["coachEmailsHint"], "textarea"),
            new FormField("retentionDays", ui["retentionDays"], Setting("retentionDays", network.RetentionDays?.ToString(CultureInfo.InvariantCulture) ?? ""), Error("retentionDays"), ui["retentionDaysHint"]) { Inputmode = "numeric", Autocomplete = "off" },
        };
        var model = new
        {
            network.Name,
            Href = href,
            Summary = pages.Text(language, "networkSummary", ("id", network.Id), ("schools", schools.Count), ("people", roster.Count)),
            state.Notice,
            Rounds = roundList.OrderByDescending(r => r.OpensAt).Select(r => new
            {
                r.Name,
                Href = DashboardPages.Round(network.Id, r.Id),
                State = r.State.ToString().ToLowerInvariant(),
                StateText = ui["state." + r.State.ToString().ToLowerInvariant()],
                Window = pages.Text(language, "windowText", ("opens", pages.When(language, r.OpensAt)), ("closes", pages.When(language, r.ClosesAt))),
            }).ToList(),
            Schools = schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new
            {
                s.Name,
                s.Id,
                s.District,
                s.GradeSpan,
                Staff = roster.Count(p => p.SchoolId == s.Id && p.Role != RosterRole.Student),
                Students = roster.Count(p => p.SchoolId == s.Id && p.Role == RosterRole.Student),
                OptOuts = optOuts.Count(o => o.SchoolId == s.Id),
            }).ToList(),
            Imports = Imports.Select(i => new
            {
                Kind = i.Path,
                Action = $"{href}/imports/{i.Path}",
                Title = ui["import." + i.Path],
                Label = ui["importFile"],
                Hint = ui["import." + i.Path + ".hint"],
                Button = ui["import." + i.Path + ".button"],
                Notice = state.ImportKind == i.Kind ? state.ImportNotice : null,
                Errors = state.ImportKind == i.Kind ? (state.ImportErrors ?? []).Select(e => Describe(language, e)).ToList() : [],
                Problem = state.ImportKind == i.Kind ? state.ImportProblem : null,
                ErrorsHeading = state.ImportKind != i.Kind ? null
                    : state.ImportErrors is { Count: > 0 } errors ? pages.Text(language, "importRefused", ("count", errors.Count))
                    : state.ImportProblem is null ? null : pages.Text(language, "importRefused", ("count", 1)),
            }).ToList(),
            Settings = settings,
            SettingsErrors = settings.Where(f => f.Error is not null).Select(f => new FieldError(f.Id, f.Error!)).ToList(),
            KeepTrends = state.Settings is { } sent ? sent.GetValueOrDefault("keepTrends") == "true" : network.KeepTrends,
        };
        return await pages.PageAsync(http, "network", network.Name, model, state.Refused ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>A refused line of an import: where ("Line 3, column email:", in the page's language) and the engine's message, which is in English.</summary>
    private object Describe(string language, ImportError error) => new
    {
        Where = error.Column is null
            ? pages.Text(language, "importLine", ("line", error.Line))
            : pages.Text(language, "importLineColumn", ("line", error.Line), ("column", error.Column)),
        error.Message,
    };
}
