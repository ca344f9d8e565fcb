using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>One person's completion of one instrument in a round, by roster key.</summary>
public readonly record struct Completion(string SchoolId, string InstrumentId, string RosterKey);

/// <summary>
/// Who has completed an instrument in a confidential round, by roster key: partition = network|round, row =
/// school|instrument|person, and nothing else: no time, no submission id, no link. It says that a person answered,
/// never what, and holds no value that could be matched with an answer. The insert-only row is what makes a
/// personal link's one use atomic: of two submissions through the same link, only one insert succeeds.
/// </summary>
public sealed class CompletionStore(StorageAccount account)
{
    private const int BatchSize = 100;
    private readonly TableClient _table = account.Table(StorageNames.CompletionsTable);

    private static string RowKey(Completion completion) => $"{completion.SchoolId}|{completion.InstrumentId}|{completion.RosterKey}";

    private static Completion Parse(string rowKey)
    {
        var parts = rowKey.Split('|');
        return new Completion(parts[0], parts[1], parts[2]);
    }

    /// <summary>Records a completion; false when the person had already completed (insert-only, so the first writer wins).</summary>
    public async Task<bool> TryCompleteAsync(RoundKey round, Completion completion, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(StorageKeys.Round(round), RowKey(completion)), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> IsCompletedAsync(RoundKey round, Completion completion, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Round(round), RowKey(completion), ["PartitionKey"], cancellationToken);
        return response.HasValue;
    }

    /// <summary>Every completion of a round.</summary>
    public async Task<HashSet<Completion>> ListAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Round(round);
        var completions = new HashSet<Completion>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            completions.Add(Parse(entity.RowKey));
        }

        return completions;
    }

    /// <summary>Completion counts of a round by (school, instrument).</summary>
    public async Task<Dictionary<(string SchoolId, string InstrumentId), int>> CountAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var completion in await ListAsync(round, cancellationToken))
        {
            var key = (completion.SchoolId, completion.InstrumentId);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Writes every completion row of a round again, unchanged, so that the storage service's own timestamp on each
    /// row (which it sets on every write, and which anyone who can read the table sees) becomes the time of this
    /// rewrite for all of them instead of the moment each person answered. Done once the round stops taking answers;
    /// in entity-group transactions of 100 rows (one partition), so a large round takes few requests.
    /// </summary>
    public async Task<int> RestampAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Round(round);
        var keys = new List<string>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(entity.RowKey);
        }

        return await RestampAsync(round, keys, cancellationToken);
    }

    /// <summary>
    /// Rewrites the given rows of a round, each only if it still exists: a row erased since it was listed (a person's
    /// or a school's data deleted on request while the rewrite runs) stays erased. A transaction that meets such a row
    /// fails as a whole, and its rows are then rewritten one by one. Returns how many rows were rewritten.
    /// </summary>
    public async Task<int> RestampAsync(RoundKey round, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Round(round);
        var rewritten = 0;
        foreach (var batch in rowKeys.Chunk(BatchSize))
        {
            try
            {
                await _table.SubmitTransactionAsync(
                    batch.Select(key => new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(partition, key), ETag.All)),
                    cancellationToken);
                rewritten += batch.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var key in batch)
                {
                    try
                    {
                        await _table.UpdateEntityAsync(new TableEntity(partition, key), ETag.All, TableUpdateMode.Replace, cancellationToken);
                        rewritten++;
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                    }
                }
            }
        }

        return rewritten;
    }
}
