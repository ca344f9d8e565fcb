using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>One audited action: who (a coach key id, or "system:..." for the pipeline itself), what, on what, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Details);

/// <summary>
/// The append-only audit log: partition = network, rows newest first. The app only ever adds rows (no update, no
/// delete), and a row holds ids and counts, never answers, comments or email addresses. Deleting a network's data
/// keeps its audit rows, which is the record that the deletion happened.
/// Every entry is also appended, as one JSON line, to an append blob per network and month in the <c>audit</c>
/// container (<c>{network}/{yyyy-MM}.jsonl</c>). In Azure that container has a time-based immutability policy with
/// protected append writes (infra/bicep), so there the copy is append-only by storage itself: nobody, the app
/// included, can change or delete a line before the retention period ends.
/// </summary>
public sealed class AuditLog(StorageAccount account, TimeProvider clock)
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    private readonly TableClient _table = account.Table(StorageNames.AuditTable);
    private readonly Azure.Storage.Blobs.BlobContainerClient _container = account.Container(StorageNames.AuditContainer);

    public async Task RecordAsync(string networkId, string actor, string action, string target, string details, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        // Newest first: row keys sort by inverted time; the random tail keeps two entries in the same tick apart.
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await _table.AddEntityAsync(
            new TableEntity(networkId, rowKey) { ["At"] = at, ["Actor"] = actor, ["Action"] = action, ["Target"] = target, ["Details"] = details },
            cancellationToken);
        await AppendAsync(networkId, new AuditEntry(at, actor, action, target, details), cancellationToken);
    }

    /// <summary>The append blob holding a network's entries of one month (UTC).</summary>
    public AppendBlobClient MonthBlob(string networkId, DateTimeOffset at) =>
        _container.GetAppendBlobClient($"{networkId}/{at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}.jsonl");

    private async Task AppendAsync(string networkId, AuditEntry entry, CancellationToken cancellationToken)
    {
        var blob = MonthBlob(networkId, entry.At);
        var line = new BinaryData(JsonSerializer.SerializeToUtf8Bytes(entry, LineJson).Append((byte)'\n').ToArray());
        try
        {
            await blob.AppendBlockAsync(line.ToStream(), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The month's first entry: create the blob (if-none-match, so a concurrent first writer is harmless), then append.
            await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.AppendBlockAsync(line.ToStream(), cancellationToken: cancellationToken);
        }
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
