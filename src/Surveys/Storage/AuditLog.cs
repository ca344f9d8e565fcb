using System.Security.Cryptography;
using Azure.Data.Tables;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>One audited action: who (a coach key id, or "system:..." for the pipeline itself), what, on what, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Details);

/// <summary>
/// The append-only audit log: partition = network, rows newest first. The app only ever adds rows (no update, no
/// delete), and a row holds ids and counts, never answers, comments or email addresses. Deleting a network's data
/// keeps its audit rows, which is the record that the deletion happened.
/// </summary>
public sealed class AuditLog(StorageAccount account, TimeProvider clock)
{
    private readonly TableClient _table = account.Table(StorageNames.AuditTable);

    public async Task RecordAsync(string networkId, string actor, string action, string target, string details, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        // Newest first: row keys sort by inverted time; the random tail keeps two entries in the same tick apart.
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await _table.AddEntityAsync(
            new TableEntity(networkId, rowKey) { ["At"] = at, ["Actor"] = actor, ["Action"] = action, ["Target"] = target, ["Details"] = details },
            cancellationToken);
    }

    public async Task<List<AuditEntry>> ListAsync(string networkId, int max, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == networkId, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(row.GetDateTimeOffset("At") ?? default, row.GetString("Actor"), row.GetString("Action"), row.GetString("Target"), row.GetString("Details")));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }
}
