using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>The CSV files a coach imports into a network.</summary>
public enum ImportKind
{
    Schools,
    Roster,
    OptOuts,
}

/// <summary>How a coach's import ended: no such network, refused with every bad line, or imported.</summary>
public abstract record ImportOutcome
{
    public sealed record UnknownNetwork : ImportOutcome;

    public sealed record Refused(IReadOnlyList<ImportError> Errors) : ImportOutcome;

    /// <summary>Imported; <see cref="View"/> is the answer's body (<see cref="SchoolImportView"/>, <see cref="RosterImportView"/> or <see cref="OptOutImportView"/>).</summary>
    public sealed record Imported(ImportKind Kind, object View) : ImportOutcome;
}

/// <summary>A network change that was refused, with every problem by field (<c>name</c>, <c>coachEmails</c>, ...).</summary>
public sealed record FieldErrors(IReadOnlyDictionary<string, string[]> Errors)
{
    public string Summary => string.Join(" ", Errors.Values.SelectMany(v => v));
}

/// <summary>
/// What a coach does to a network, whether from the coach API or the dashboard: create it, change its settings, import
/// its schools, rosters and opt-outs. Every change is checked first (a refused one changes nothing) and audited under
/// the acting coach key's id.
/// </summary>
public sealed class NetworkAdmin(NetworkStore networks, AuditLog audit, TimeProvider clock)
{
    public const int MinRetentionDays = 30;
    public const int MaxRetentionDays = 3650;

    /// <summary>Creates the network, or finds it unchanged when it exists; refused with its field errors.</summary>
    public async Task<(NetworkView? Network, bool Created, FieldErrors? Refused)> CreateAsync(CreateNetworkRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Ids.IsValidNew(request.Id))
        {
            errors["id"] = ["A network id is 3 to 63 lowercase letters, digits or dashes."];
        }

        if (DisplayNames.Problem(request.Name, "network") is { } badName)
        {
            errors["name"] = [badName];
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
            return (null, false, new FieldErrors(errors));
        }

        var (network, created) = await networks.CreateNetworkAsync(new Network(request.Id!, request.Name!.Trim(), clock.GetUtcNow()) { CoachEmails = coachEmails }, cancellationToken);
        await audit.RecordAsync(network.Id, actor, "network.create", network.Id, created ? $"created with {coachEmails.Count} coach email(s)" : "already existed; unchanged", cancellationToken);
        return (new NetworkView(network.Id, network.Name, network.CoachEmails, network.CreatedAt), created, null);
    }

    /// <summary>Changes the settings given (null fields stay); null when the network does not exist.</summary>
    public async Task<(NetworkSettingsView? Network, FieldErrors? Refused)?> UpdateAsync(string networkId, UpdateNetworkRequest request, string actor, CancellationToken cancellationToken)
    {
        var network = await networks.GetNetworkAsync(networkId, cancellationToken);
        if (network is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Name is { } name && DisplayNames.Problem(name, "network") is { } badName)
        {
            errors["name"] = [badName];
        }

        if (request.RetentionDays is < MinRetentionDays or > MaxRetentionDays)
        {
            errors["retentionDays"] = [$"Retention must be from {MinRetentionDays} to {MaxRetentionDays} days."];
        }

        var emails = new List<string>();
        foreach (var email in request.CoachEmails ?? [])
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
            return (null, new FieldErrors(errors));
        }

        var updated = network with
        {
            Name = request.Name?.Trim() ?? network.Name,
            CoachEmails = request.CoachEmails is null ? network.CoachEmails : emails,
            RetentionDays = request.RetentionDays ?? network.RetentionDays,
            KeepTrends = request.KeepTrends ?? network.KeepTrends,
        };
        await networks.UpdateNetworkAsync(updated, cancellationToken);
        await audit.RecordAsync(networkId, actor, "network.update", networkId,
            $"retention {(updated.RetentionDays is { } days ? $"{days} days" : "default")}, trends {(updated.KeepTrends ? "kept" : "not kept")}, {updated.CoachEmails.Count} coach email(s)", cancellationToken);
        return (new NetworkSettingsView(updated.Id, updated.Name, updated.CoachEmails, updated.RetentionDays, updated.KeepTrends), null);
    }

    /// <summary>
    /// Imports one CSV file: a file with any bad line is refused whole with every problem (line and column) and
    /// changes nothing; a clean file is applied and audited.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(string networkId, ImportKind kind, string text, string actor, CancellationToken cancellationToken)
    {
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return new ImportOutcome.UnknownNetwork();
        }

        switch (kind)
        {
            case ImportKind.Schools:
                var schools = SchoolCsv.Parse(new StringReader(text), networkId);
                if (!schools.IsValid)
                {
                    return new ImportOutcome.Refused(schools.Errors);
                }

                var imported = await networks.ImportSchoolsAsync(networkId, schools.Rows, cancellationToken);
                await audit.RecordAsync(networkId, actor, "schools.import", networkId, $"{schools.Rows.Count} rows: {imported.Created} created, {imported.Updated} updated, {imported.Unchanged} unchanged", cancellationToken);
                return new ImportOutcome.Imported(kind, new SchoolImportView(schools.Rows.Count, imported.Created, imported.Updated, imported.Unchanged));
            case ImportKind.Roster:
                var people = RosterCsv.Parse(new StringReader(text), networkId, await SchoolIdsAsync(networkId, cancellationToken));
                if (!people.IsValid)
                {
                    return new ImportOutcome.Refused(people.Errors);
                }

                var roster = await networks.ReplaceRostersAsync(networkId, people.Rows, cancellationToken);
                await audit.RecordAsync(networkId, actor, "roster.import", networkId, $"{people.Rows.Count} people: {roster.Created} added, {roster.Updated} updated, {roster.Unchanged} unchanged, {roster.Removed} removed", cancellationToken);
                return new ImportOutcome.Imported(kind, new RosterImportView(people.Rows.Count, roster.Created, roster.Updated, roster.Unchanged, roster.Removed));
            default:
                var optOuts = OptOutCsv.Parse(new StringReader(text), networkId, await SchoolIdsAsync(networkId, cancellationToken));
                if (!optOuts.IsValid)
                {
                    return new ImportOutcome.Refused(optOuts.Errors);
                }

                var added = await networks.AddOptOutsAsync(networkId, [.. optOuts.Rows.Select(o => (o.SchoolId, o.RosterKey))], cancellationToken);
                await audit.RecordAsync(networkId, actor, "optouts.import", networkId, $"{optOuts.Rows.Count} opt-outs: {added.Created} new", cancellationToken);
                return new ImportOutcome.Imported(kind, new OptOutImportView(optOuts.Rows.Count, added.Created, added.Unchanged));
        }
    }

    private async Task<IReadOnlySet<string>> SchoolIdsAsync(string networkId, CancellationToken cancellationToken) =>
        (await networks.ListSchoolsAsync(networkId, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
}
