using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>What an import changed; a re-import of the same file reports only <see cref="Unchanged"/>.</summary>
public sealed record ImportSummary(int Created, int Updated, int Unchanged, int Removed);

/// <summary>
/// Networks, their schools, staff and student rosters and student opt-outs in Table storage.
/// Partition = network for all of them; roster and opt-out rows are keyed school|rosterKey. Emails live only in the
/// roster table, apart from every response.
/// </summary>
public sealed class NetworkStore(StorageAccount account)
{
    private const int Parallelism = 16;
    private readonly TableClient _networks = account.Table(StorageNames.NetworksTable);
    private readonly TableClient _schools = account.Table(StorageNames.SchoolsTable);
    private readonly TableClient _roster = account.Table(StorageNames.RosterTable);
    private readonly TableClient _optOuts = account.Table(StorageNames.OptOutsTable);

    /// <summary>Creates the network, or returns the existing one with the same id (creating twice is harmless).</summary>
    public async Task<(Network Network, bool Created)> CreateNetworkAsync(Network network, CancellationToken cancellationToken)
    {
        try
        {
            await _networks.AddEntityAsync(NetworkEntity(network), cancellationToken);
            return (network, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return ((await GetNetworkAsync(network.Id, cancellationToken))!, false);
        }
    }

    public async Task<Network?> GetNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        var response = await _networks.GetEntityIfExistsAsync<TableEntity>("network", networkId, cancellationToken: cancellationToken);
        return response.HasValue ? ToNetwork(response.Value!) : null;
    }

    public async Task UpdateNetworkAsync(Network network, CancellationToken cancellationToken) =>
        await _networks.UpdateEntityAsync(NetworkEntity(network), ETag.All, TableUpdateMode.Replace, cancellationToken);

    public async IAsyncEnumerable<Network> ListNetworksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _networks.QueryAsync<TableEntity>(e => e.PartitionKey == "network", cancellationToken: cancellationToken))
        {
            yield return ToNetwork(row);
        }
    }

    /// <summary>Deletes every roster person and opt-out of a network (retention, when no round needs them).</summary>
    public async Task<int> DeleteRostersAsync(string networkId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var table in new[] { _roster, _optOuts })
        {
            var keys = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == networkId, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
            }

            await Parallel.ForEachAsync(keys, Options(cancellationToken), async (key, ct) => await table.DeleteEntityAsync(networkId, key, ETag.All, ct));
            deleted += keys.Count;
        }

        return deleted;
    }

    private static TableEntity NetworkEntity(Network network) => new("network", network.Id)
    {
        ["Name"] = network.Name,
        ["CreatedAt"] = network.CreatedAt,
        ["CoachEmails"] = string.Join(';', network.CoachEmails),
        ["RetentionDays"] = network.RetentionDays,
        ["KeepTrends"] = network.KeepTrends,
    };

    private static Network ToNetwork(TableEntity row) => new(row.RowKey, row.GetString("Name"), row.GetDateTimeOffset("CreatedAt") ?? default)
    {
        CoachEmails = (row.GetString("CoachEmails") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
        RetentionDays = row.GetInt32("RetentionDays"),
        KeepTrends = row.GetBoolean("KeepTrends") ?? true,
    };

    public async Task<List<School>> ListSchoolsAsync(string networkId, CancellationToken cancellationToken)
    {
        var schools = new List<School>();
        await foreach (var row in _schools.QueryAsync<TableEntity>(e => e.PartitionKey == networkId, cancellationToken: cancellationToken))
        {
            schools.Add(ToSchool(row));
        }

        return schools;
    }

    /// <summary>Adds or updates the given schools; schools not in the list are kept.</summary>
    public async Task<ImportSummary> ImportSchoolsAsync(string networkId, IReadOnlyList<School> schools, CancellationToken cancellationToken)
    {
        var existing = (await ListSchoolsAsync(networkId, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var changes = schools.Where(s => !existing.TryGetValue(s.Id, out var old) || !SameSchool(old, s)).ToList();
        await Parallel.ForEachAsync(changes, Options(cancellationToken), async (school, ct) =>
            await _schools.UpsertEntityAsync(FromSchool(school), TableUpdateMode.Replace, ct));
        var created = changes.Count(s => !existing.ContainsKey(s.Id));
        return new ImportSummary(created, changes.Count - created, schools.Count - changes.Count, 0);
    }

    public async Task<List<RosterPerson>> ListRosterAsync(string networkId, string? schoolId, CancellationToken cancellationToken)
    {
        var people = new List<RosterPerson>();
        var rows = schoolId is null
            ? _roster.QueryAsync<TableEntity>(e => e.PartitionKey == networkId, cancellationToken: cancellationToken)
            : _roster.QueryAsync<TableEntity>(e => e.PartitionKey == networkId && e.RowKey.CompareTo(schoolId + "|") > 0 && e.RowKey.CompareTo(schoolId + "}") < 0, cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            var (school, key) = SplitKey(row.RowKey);
            people.Add(new RosterPerson(networkId, school, key, row.GetString("Email"), Enum.Parse<RosterRole>(row.GetString("Role")), row.GetInt32("Grade")));
        }

        return people;
    }

    /// <summary>
    /// Makes each school in the list have exactly the listed people: new ones are added, changed ones updated, and
    /// people of those schools who are no longer listed are removed. Schools absent from the list are untouched.
    /// </summary>
    public async Task<ImportSummary> ReplaceRostersAsync(string networkId, IReadOnlyList<RosterPerson> people, CancellationToken cancellationToken)
    {
        var schools = people.Select(p => p.SchoolId).ToHashSet(StringComparer.Ordinal);
        var existing = (await ListRosterAsync(networkId, null, cancellationToken))
            .Where(p => schools.Contains(p.SchoolId))
            .ToDictionary(p => RowKey(p.SchoolId, p.RosterKey), StringComparer.Ordinal);
        var listed = people.ToDictionary(p => RowKey(p.SchoolId, p.RosterKey), StringComparer.Ordinal);
        var changes = people.Where(p => !existing.TryGetValue(RowKey(p.SchoolId, p.RosterKey), out var old) || old != p).ToList();
        var removed = existing.Keys.Where(k => !listed.ContainsKey(k)).ToList();

        await Parallel.ForEachAsync(changes, Options(cancellationToken), async (person, ct) =>
            await _roster.UpsertEntityAsync(
                new TableEntity(networkId, RowKey(person.SchoolId, person.RosterKey)) { ["Email"] = person.Email, ["Role"] = person.Role.ToString(), ["Grade"] = person.Grade },
                TableUpdateMode.Replace,
                ct));
        await Parallel.ForEachAsync(removed, Options(cancellationToken), async (key, ct) => await _roster.DeleteEntityAsync(networkId, key, ETag.All, ct));

        var created = changes.Count(p => !existing.ContainsKey(RowKey(p.SchoolId, p.RosterKey)));
        return new ImportSummary(created, changes.Count - created, people.Count - changes.Count, removed.Count);
    }

    /// <summary>Records opt-outs (students whose parents declined the survey); existing ones are kept.</summary>
    public async Task<ImportSummary> AddOptOutsAsync(string networkId, IReadOnlyList<(string SchoolId, string RosterKey)> optOuts, CancellationToken cancellationToken)
    {
        var existing = await ListOptOutsAsync(networkId, cancellationToken);
        var added = optOuts.Where(o => !existing.Contains(o)).Distinct().ToList();
        await Parallel.ForEachAsync(added, Options(cancellationToken), async (optOut, ct) =>
            await _optOuts.UpsertEntityAsync(new TableEntity(networkId, RowKey(optOut.SchoolId, optOut.RosterKey)), TableUpdateMode.Replace, ct));
        return new ImportSummary(added.Count, 0, optOuts.Count - added.Count, 0);
    }

    public async Task<HashSet<(string SchoolId, string RosterKey)>> ListOptOutsAsync(string networkId, CancellationToken cancellationToken)
    {
        var optOuts = new HashSet<(string, string)>();
        await foreach (var row in _optOuts.QueryAsync<TableEntity>(e => e.PartitionKey == networkId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            optOuts.Add(SplitKey(row.RowKey));
        }

        return optOuts;
    }

    private static string RowKey(string schoolId, string rosterKey) => $"{schoolId}|{rosterKey}";

    private static (string SchoolId, string RosterKey) SplitKey(string rowKey)
    {
        var bar = rowKey.IndexOf('|', StringComparison.Ordinal);
        return (rowKey[..bar], rowKey[(bar + 1)..]);
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    private static bool SameSchool(School a, School b) =>
        a with { DesignTeamEmails = [] } == b with { DesignTeamEmails = [] } && a.DesignTeamEmails.SequenceEqual(b.DesignTeamEmails);

    private static TableEntity FromSchool(School school) => new(school.NetworkId, school.Id)
    {
        ["Name"] = school.Name,
        ["District"] = school.District,
        ["GradeSpan"] = school.GradeSpan,
        ["DesignTeamEmails"] = string.Join(';', school.DesignTeamEmails),
        ["ExpectedStudents"] = school.ExpectedStudents,
        ["ReportLanguage"] = school.ReportLanguage,
    };

    private static School ToSchool(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey,
        row.GetString("Name"),
        row.GetString("District"),
        row.GetString("GradeSpan"),
        row.GetString("DesignTeamEmails").Split(';', StringSplitOptions.RemoveEmptyEntries),
        row.GetInt32("ExpectedStudents"))
    {
        ReportLanguage = row.GetString("ReportLanguage") ?? LocalizedText.DefaultLanguage,
    };
}
