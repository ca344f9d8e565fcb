using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>What to erase: a whole network, one round of it, or one school of it (in every round).</summary>
public sealed record ErasureScope(string NetworkId, string? RoundId = null, string? SchoolId = null)
{
    public override string ToString() => SchoolId is not null ? $"school {SchoolId} of network {NetworkId}" : RoundId is not null ? $"round {RoundId} of network {NetworkId}" : $"network {NetworkId}";
}

/// <summary>How many of one kind of thing were (or, in a dry run, would be) erased.</summary>
public sealed record ErasureCount(string What, int Count);

/// <summary>What retention keeps of a round it purges: the round itself, and (if <see cref="Trends"/>) its school aggregates, suppressed at <see cref="Floors"/>.</summary>
public sealed record RetentionKeep(bool Trends, PrivacyFloors Floors);

public sealed record ErasureReport(ErasureScope Scope, bool DryRun, IReadOnlyList<ErasureCount> Items)
{
    public int Total => Items.Sum(i => i.Count);
}

/// <summary>
/// Deletion on request. It first lists everything the scope covers, so a dry run shows exactly what a real run
/// removes, then deletes in an order that keeps late work from bringing data back: raw submissions first (a scoring
/// message still queued then finds nothing to score), then scores, completions, links (with the shared links' caps and
/// counts), delivery records, reports, trained models and their inputs, and last the rosters, schools, rounds and
/// network. Running it again finds nothing left, so it is idempotent. The audit log is kept: it holds no answers and no addresses.
/// </summary>
public sealed class DataEraser(StorageAccount storage, RoundStore rounds, ReportStore reports)
{
    public async Task<ErasureReport> EraseAsync(ErasureScope scope, bool dryRun, CancellationToken cancellationToken, RetentionKeep? keep = null)
    {
        var plan = new Plan();
        var networkRounds = await rounds.ListAsync(scope.NetworkId, cancellationToken).Where(r => scope.RoundId is null || r.Id == scope.RoundId).ToListAsync(cancellationToken);
        foreach (var round in networkRounds)
        {
            await CollectRoundAsync(plan, scope, round, keep, cancellationToken);
        }

        if (keep is null)
        {
            await CollectNetworkTablesAsync(plan, scope, cancellationToken);
        }
        if (!dryRun)
        {
            await plan.RunAsync(cancellationToken);
        }

        return new ErasureReport(scope, dryRun, plan.Counts());
    }

    private async Task CollectRoundAsync(Plan plan, ErasureScope scope, Round round, RetentionKeep? keep, CancellationToken cancellationToken)
    {
        var school = scope.SchoolId;
        var key = round.Key;
        var archive = new SubmissionArchive(storage);
        await foreach (var (owner, id) in archive.ListRoundAsync(key, cancellationToken))
        {
            if (school is null || owner == school)
            {
                plan.Add(1, "raw submissions", ct => archive.DeleteAsync(key, owner, id, ct));
            }
        }

        // Score, completion and shared-link rows are one partition per school of the round.
        var schoolRows = school is null ? StorageKeys.SchoolPartitionsFilter(key) : TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.School(key, school)}");
        await CollectScanAsync(plan, 2, "respondent scores and comments", StorageNames.ScoresTable, schoolRows, _ => true, cancellationToken);
        await CollectScanAsync(plan, 3, "completion records", StorageNames.CompletionsTable, schoolRows, _ => true, cancellationToken);
        await CollectRowsAsync(plan, 4, "email delivery records", StorageNames.DeliveriesTable, StorageKeys.Round(key), row => school is null || DeliveryIsFor(DeliveryKey.Parse(row.RowKey), school), cancellationToken);
        var links = TableClient.CreateQueryFilter($"NetworkId eq {round.NetworkId} and RoundId eq {round.Id}");
        await CollectScanAsync(plan, 5, "survey links", StorageNames.LinksTable, links, row => school is null || row.GetString("SchoolId") == school, cancellationToken);
        await CollectScanAsync(plan, 5, "shared link records", StorageNames.SharedLinksTable, schoolRows, _ => true, cancellationToken);
        await CollectScanAsync(plan, 5, "report links", StorageNames.ReportLinksTable, links, row => school is null || row.GetString("Target") == ReportStore.SchoolTarget(school) || row.GetString("Target") == ReportStore.NetworkTarget, cancellationToken);

        // A school's own report files go; so do the round's network-wide files and models, which hold its numbers.
        var reportPrefix = ReportStore.BlobName(key, school is null ? "" : $"{ReportStore.SchoolTarget(school)}/");
        var trends = ReportStore.BlobName(key, "aggregates.json");
        await CollectBlobsAsync(plan, 6, "report files", StorageNames.ReportsContainer, reportPrefix, cancellationToken, except: keep is { Trends: true } ? trends : null);
        if (keep is { Trends: true } && await reports.ReadAsync(key, "aggregates.json", cancellationToken) is { } kept)
        {
            var data = kept.ToObjectFromJson<TrendData>(PipelineJson.Options)!;
            plan.Add(6, "report files", ct => reports.WriteAsync(key, "aggregates.json", PipelineJson.Serialize(Suppressed(data, keep.Floors)), "application/json", ct));
        }

        if (school is not null)
        {
            await CollectBlobsAsync(plan, 6, "report files", StorageNames.ReportsContainer, ReportStore.BlobName(key, $"{ReportStore.NetworkTarget}/"), cancellationToken);
            if (await reports.ReadAsync(key, "aggregates.json", cancellationToken) is { } trend
                && trend.ToObjectFromJson<TrendData>(PipelineJson.Options) is { } data && data.Groups.Any(g => g.SchoolId == school))
            {
                plan.Add(6, "report files", ct => reports.WriteAsync(key, "aggregates.json", PipelineJson.Serialize(data with { Groups = [.. data.Groups.Where(g => g.SchoolId != school)] }), "application/json", ct));
            }
        }

        await CollectBlobsAsync(plan, 7, "trained models and their inputs", StorageNames.ModelsContainer, StorageKeys.Folder(key), cancellationToken);
        if (school is not null && round.SchoolIds.Contains(school))
        {
            plan.Add(9, "round participant entries", ct => RemoveParticipantAsync(round, school, ct));
        }

        if (school is null && keep is null)
        {
            plan.Add(9, "rounds", ct => storage.Table(StorageNames.RoundsTable).DeleteEntityAsync(round.NetworkId, round.Id, ETag.All, ct));
        }
    }

    private async Task CollectNetworkTablesAsync(Plan plan, ErasureScope scope, CancellationToken cancellationToken)
    {
        if (scope.RoundId is not null)
        {
            return;
        }

        var school = scope.SchoolId;
        bool Ours(TableEntity row) => school is null || row.RowKey == school || row.RowKey.StartsWith(school + "|", StringComparison.Ordinal);
        await CollectRowsAsync(plan, 8, "roster people (emails)", StorageNames.RosterTable, scope.NetworkId, Ours, cancellationToken);
        await CollectRowsAsync(plan, 8, "student opt-outs", StorageNames.OptOutsTable, scope.NetworkId, Ours, cancellationToken);
        await CollectRowsAsync(plan, 9, "schools", StorageNames.SchoolsTable, scope.NetworkId, Ours, cancellationToken);
        if (school is null)
        {
            var networks = storage.Table(StorageNames.NetworksTable);
            if ((await networks.GetEntityIfExistsAsync<TableEntity>("network", scope.NetworkId, cancellationToken: cancellationToken)).HasValue)
            {
                plan.Add(10, "networks", ct => networks.DeleteEntityAsync("network", scope.NetworkId, ETag.All, ct));
            }
        }
    }

    private async Task RemoveParticipantAsync(Round round, string school, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await rounds.GetAsync(round.NetworkId, round.Id, cancellationToken);
            if (stored is null || !stored.Round.SchoolIds.Contains(school)
                || await rounds.TryReplaceAsync(stored, stored.Round with { SchoolIds = [.. stored.Round.SchoolIds.Where(s => s != school)] }, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    /// <summary>A school's own emails, and the network summary's, which holds its numbers.</summary>
    private static bool DeliveryIsFor(DeliveryKey key, string school) =>
        key.School == school || key is ReportKey { Target: ReportStore.NetworkTarget };

    private async Task CollectRowsAsync(Plan plan, int order, string what, string tableName, string partition, Func<TableEntity, bool> include, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (include(row))
            {
                var (pk, rk) = (row.PartitionKey, row.RowKey);
                plan.Add(order, what, ct => table.DeleteEntityAsync(pk, rk, ETag.All, ct));
            }
        }
    }

    private async Task CollectScanAsync(Plan plan, int order, string what, string tableName, string filter, Func<TableEntity, bool> include, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (include(row))
            {
                var (pk, rk) = (row.PartitionKey, row.RowKey);
                plan.Add(order, what, ct => table.DeleteEntityAsync(pk, rk, ETag.All, ct));
            }
        }
    }

    private async Task CollectBlobsAsync(Plan plan, int order, string what, string containerName, string prefix, CancellationToken cancellationToken, string? except = null)
    {
        var container = storage.Container(containerName);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var name = blob.Name;
            if (name != except)
            {
                plan.Add(order, what, ct => container.DeleteBlobIfExistsAsync(name, cancellationToken: ct));
            }
        }
    }

    /// <summary>Trend data with every group and dimension under the school floor left out, and no item counts (trends need only the means).</summary>
    public static TrendData Suppressed(TrendData data, PrivacyFloors floors) => data with
    {
        Groups = [.. data.Groups
            .Where(g => g.Respondents >= floors.School)
            .Select(g => g with { Dimensions = [.. g.Dimensions.Where(d => d.N >= floors.School)], Items = [] })],
    };

    /// <summary>Deletions grouped by kind, run in ascending order; each kind in parallel.</summary>
    private sealed class Plan
    {
        private readonly List<(int Order, string What, Func<CancellationToken, Task> Run)> _steps = [];

        public void Add(int order, string what, Func<CancellationToken, Task> run) => _steps.Add((order, what, run));

        public List<ErasureCount> Counts() =>
            [.. _steps.GroupBy(s => (s.Order, s.What)).OrderBy(g => g.Key.Order).Select(g => new ErasureCount(g.Key.What, g.Count()))];

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            foreach (var order in _steps.GroupBy(s => s.Order).OrderBy(g => g.Key))
            {
                await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (step, ct) =>
                {
                    try
                    {
                        await step.Run(ct);
                    }
                    catch (RequestFailedException e) when (e.Status == 404)
                    {
                        // Already gone (a concurrent erasure or retention run): that is the goal.
                    }
                });
            }
        }
    }
}
