using Azure;
using Azure.Data.Tables;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Who has completed an instrument in a confidential round, by roster key: partition = round, row =
/// school|instrument|person. Kept apart from responses, so it says that a person answered, never what.
/// </summary>
public sealed class CompletionStore(StorageAccount account)
{
    private readonly TableClient _table = account.Table(StorageNames.CompletionsTable);

    public static string RowKey(string schoolId, string instrumentId, string rosterKey) => $"{schoolId}|{instrumentId}|{rosterKey}";

    /// <summary>Records a completion; false when the person had already completed (insert-only, so the first writer wins).</summary>
    public async Task<bool> TryCompleteAsync(string roundId, string schoolId, string instrumentId, string rosterKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(roundId, RowKey(schoolId, instrumentId, rosterKey)) { ["CompletedAt"] = at }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> IsCompletedAsync(string roundId, string schoolId, string instrumentId, string rosterKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(roundId, RowKey(schoolId, instrumentId, rosterKey), ["PartitionKey"], cancellationToken);
        return response.HasValue;
    }

    /// <summary>Every completion of a round, as school|instrument|person keys.</summary>
    public async Task<HashSet<string>> ListAsync(string roundId, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }

    /// <summary>Completion counts of a round by (school, instrument).</summary>
    public async Task<Dictionary<(string SchoolId, string InstrumentId), int>> CountAsync(string roundId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, string), int>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var parts = entity.RowKey.Split('|');
            var key = (parts[0], parts[1]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
