using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>A round as stored, with the ETag that guards its next state change.</summary>
public sealed record StoredRound(Round Round, ETag ETag);

/// <summary>Rounds in Table storage: partition = network, row = round id.</summary>
public sealed class RoundStore(StorageAccount account)
{
    private readonly TableClient _table = account.Table(StorageNames.RoundsTable);

    public async Task CreateAsync(Round round, CancellationToken cancellationToken) =>
        await _table.AddEntityAsync(RoundEntity.From(round), cancellationToken);

    public async Task<StoredRound?> GetAsync(string networkId, string roundId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<RoundEntity>(networkId, roundId, cancellationToken: cancellationToken);
        return response.HasValue ? new StoredRound(response.Value!.ToRound(), response.Value.ETag) : null;
    }

    /// <summary>Every round of every network (the round clock's sweep; rounds are few).</summary>
    public async IAsyncEnumerable<StoredRound> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<RoundEntity>(cancellationToken: cancellationToken))
        {
            yield return new StoredRound(entity.ToRound(), entity.ETag);
        }
    }

    public async IAsyncEnumerable<Round> ListAsync(string networkId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<RoundEntity>(e => e.PartitionKey == networkId, cancellationToken: cancellationToken))
        {
            yield return entity.ToRound();
        }
    }

    /// <summary>
    /// Replaces the round only if it has not changed since <paramref name="current"/> was read (If-Match).
    /// Returns the new stored round, or null when another writer got there first (412).
    /// </summary>
    public async Task<StoredRound?> TryReplaceAsync(StoredRound current, Round updated, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(RoundEntity.From(updated), current.ETag, TableUpdateMode.Replace, cancellationToken);
            return new StoredRound(updated, response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag."));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    private sealed class RoundEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Name { get; set; } = "";

        public string State { get; set; } = "";

        public DateTimeOffset OpensAt { get; set; }

        public DateTimeOffset ClosesAt { get; set; }

        public string Instruments { get; set; } = "[]";

        public string ReminderOffsets { get; set; } = "[]";

        public DateTimeOffset CreatedAt { get; set; }

        public string SchoolIds { get; set; } = "[]";

        public DateTimeOffset? OpenedAt { get; set; }

        public DateTimeOffset? InvitationsQueuedAt { get; set; }

        public DateTimeOffset? ClosingAt { get; set; }

        public DateTimeOffset? ProfilesRequestedAt { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public DateTimeOffset? PurgedAt { get; set; }

        public string RemindersQueued { get; set; } = "[]";

        public static RoundEntity From(Round round) => new()
        {
            PartitionKey = round.NetworkId,
            RowKey = round.Id,
            Name = round.Name,
            State = round.State.ToString(),
            OpensAt = round.OpensAt,
            ClosesAt = round.ClosesAt,
            Instruments = JsonSerializer.Serialize(round.Instruments, PipelineJson.Options),
            ReminderOffsets = JsonSerializer.Serialize(round.ReminderOffsets, PipelineJson.Options),
            CreatedAt = round.CreatedAt,
            SchoolIds = JsonSerializer.Serialize(round.SchoolIds, PipelineJson.Options),
            OpenedAt = round.OpenedAt,
            InvitationsQueuedAt = round.InvitationsQueuedAt,
            ClosingAt = round.ClosingAt,
            ProfilesRequestedAt = round.ProfilesRequestedAt,
            ClosedAt = round.ClosedAt,
            PurgedAt = round.PurgedAt,
            RemindersQueued = JsonSerializer.Serialize(round.RemindersQueued, PipelineJson.Options),
        };

        public Round ToRound() => new(
            RowKey,
            PartitionKey,
            Name,
            Enum.Parse<RoundState>(State),
            OpensAt,
            ClosesAt,
            JsonSerializer.Deserialize<List<RoundInstrument>>(Instruments, PipelineJson.Options) ?? [],
            JsonSerializer.Deserialize<List<TimeSpan>>(ReminderOffsets, PipelineJson.Options) ?? [],
            CreatedAt)
        {
            SchoolIds = JsonSerializer.Deserialize<List<string>>(SchoolIds, PipelineJson.Options) ?? [],
            OpenedAt = OpenedAt,
            InvitationsQueuedAt = InvitationsQueuedAt,
            ClosingAt = ClosingAt,
            ProfilesRequestedAt = ProfilesRequestedAt,
            ClosedAt = ClosedAt,
            PurgedAt = PurgedAt,
            RemindersQueued = JsonSerializer.Deserialize<List<int>>(RemindersQueued, PipelineJson.Options) ?? [],
        };
    }
}
