using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>One person's completion of one instrument in a round, by roster key.</summary>
public readonly record struct Completion(string SchoolId, string InstrumentId, string RosterKey);

/// <summary>
/// Who has completed an instrument in a confidential round, by roster key: partition = network|round|school, row =
/// instrument|person, and nothing else: no time, no submission id, no link. It says that a person answered, never
/// what, and holds no value that could be matched with an answer. The insert-only row is what makes a personal link's
/// one use atomic: of two submissions through the same link, only one insert succeeds.
/// </summary>
/// <remarks>
/// One partition per school of a round, as the score rows are, not one per round. A partition is served at about
/// 2,000 entities a second on Azure: in a statewide round of 108,000 staff, one partition per round made each school's
/// reminder message read every completion of the round, and the rewrite after the close take about 108 s. Per school,
/// a reminder reads its own school's rows, a school's erasure is one partition, and the rewrite writes 16 schools at a
/// time, bound by the account's 20,000 entities a second instead (about 11 s). What reads the whole round (the response
/// rates, the rewrite's keys) reads it in one scan over the round's school partitions.
/// </remarks>
public sealed class CompletionStore(StorageAccount account)
{
    private const int BatchSize = 100;

    /// <summary>Schools rewritten at once, as the close reads score rows.</summary>
    public const int Parallelism = 16;

    private readonly TableClient _table = account.Table(StorageNames.CompletionsTable);

    /// <summary>The stored row of a completion (its keys are all it holds).</summary>
    public static TableEntity Entity(RoundKey round, Completion completion) =>
        new(StorageKeys.School(round, completion.SchoolId), $"{completion.InstrumentId}|{completion.RosterKey}");

    private static Completion Parse(string schoolId, string rowKey)
    {
        var bar = rowKey.IndexOf('|');
        return new Completion(schoolId, rowKey[..bar], rowKey[(bar + 1)..]);
    }

    /// <summary>Records a completion; false when the person had already completed (insert-only, so the first writer wins).</summary>
    public async Task<bool> TryCompleteAsync(RoundKey round, Completion completion, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Entity(round, completion), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> IsCompletedAsync(RoundKey round, Completion completion, CancellationToken cancellationToken)
    {
        var entity = Entity(round, completion);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["PartitionKey"], cancellationToken);
        return response.HasValue;
    }

    /// <summary>Every completion of one school in a round (its partition).</summary>
    public async Task<HashSet<Completion>> ListSchoolAsync(RoundKey round, string schoolId, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.School(round, schoolId);
        var completions = new HashSet<Completion>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            completions.Add(Parse(schoolId, entity.RowKey));
        }

        return completions;
    }

    /// <summary>Every completion of a round, over all its school partitions (one scan: the response rates, checks).</summary>
    public async Task<HashSet<Completion>> ListAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var completions = new HashSet<Completion>();
        await foreach (var (school, rowKeys) in SchoolsInKeyOrderAsync(round, cancellationToken))
        {
            completions.UnionWith(rowKeys.Select(key => Parse(school, key)));
        }

        return completions;
    }

    /// <summary>
    /// Completion counts of a round by (school, instrument), from one scan over its school partitions. The close reads
    /// them alongside the score rows, off its critical path, so a query per school would only add requests (50 for 50
    /// schools instead of 3 pages; measured in bench/RESULTS.md: the same close time either way).
    /// </summary>
    public async Task<Dictionary<(string SchoolId, string InstrumentId), int>> CountAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string SchoolId, string InstrumentId), int>();
        foreach (var completion in await ListAsync(round, cancellationToken))
        {
            var key = (completion.SchoolId, completion.InstrumentId);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Writes every completion row of a round again, unchanged, so that the storage service's own timestamp on each row
    /// (which it sets on every write, and which anyone who can read the table sees) becomes the time of this rewrite for
    /// all of them instead of the moment each person answered. Done once the round stops taking answers. The row keys
    /// come from one scan over the round's school partitions, in key order; each school's rows are rewritten in
    /// entity-group transactions of 100 (its partition) as soon as the scan has passed them, several schools side by
    /// side. One scan, not a query per school: the keys arrive in pages of 1,000 either way, and a query per school
    /// costs a request per school more (on Azurite, whose every query evaluates its filter over the whole table, a
    /// statewide round's 1,800 such queries took minutes). Returns how many rows were rewritten.
    /// </summary>
    public async Task<int> RestampAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        await Parallel.ForEachAsync(SchoolsInKeyOrderAsync(round, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (school, ct) =>
            Interlocked.Add(ref rewritten, await RestampAsync(round, school.SchoolId, school.RowKeys, ct)));
        return rewritten;
    }

    /// <summary>
    /// Rewrites the given rows of a school in a round, each only if it still exists: a row erased since it was listed (a
    /// person's or a school's data deleted on request while the rewrite runs) stays erased. A transaction that meets
    /// such a row fails as a whole, and its rows are then rewritten one by one. Returns how many rows were rewritten.
    /// </summary>
    public async Task<int> RestampAsync(RoundKey round, string schoolId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.School(round, schoolId);
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

    /// <summary>The row keys of a round's completions, school by school, from one scan over its school partitions (returned in key order).</summary>
    private async IAsyncEnumerable<(string SchoolId, List<string> RowKeys)> SchoolsInKeyOrderAsync(RoundKey round, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = StorageKeys.Round(round).Length + 1;
        string? partition = null;
        var keys = new List<string>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(round), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (entity.PartitionKey != partition && partition is not null)
            {
                yield return (partition[prefix..], keys);
                keys = [];
            }

            partition = entity.PartitionKey;
            keys.Add(entity.RowKey);
        }

        if (partition is not null)
        {
            yield return (partition[prefix..], keys);
        }
    }
}
