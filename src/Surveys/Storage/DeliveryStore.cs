using Azure;
using Azure.Data.Tables;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>The outcome of claiming a delivery before sending it.</summary>
public enum DeliveryClaim
{
    /// <summary>This caller owns the send now.</summary>
    Claimed,

    /// <summary>Already sent: do nothing.</summary>
    AlreadySent,

    /// <summary>Another worker claimed it moments ago and may be sending it now.</summary>
    InProgress,
}

/// <summary>
/// A ledger of every email the pipeline sends, so a retried message never sends twice: partition = round, row =
/// kind|school|...|recipient key (never an address). A send is claimed (insert, or take-over of a failed or stale
/// claim with If-Match), then marked sent. Only a crash between the send and the mark can repeat an email, and only
/// after <see cref="StaleClaim"/>; the outbox writes such a repeat over the same file.
/// </summary>
public sealed class DeliveryStore(StorageAccount account, TimeProvider clock, TimeSpan staleClaim)
{
    private readonly TableClient _table = account.Table(StorageNames.DeliveriesTable);

    /// <summary>How long a claim stays its worker's; after that (the worker died) another may take it over.</summary>
    public TimeSpan StaleClaim { get; } = staleClaim;

    /// <summary>The delivery tag of an email: a short, non-identifying digest of its ledger entry.</summary>
    public static string Tag(string roundId, string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{roundId}|{key}")))[..24];

    public async Task<(DeliveryClaim Claim, ETag ETag)> ClaimAsync(string roundId, string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            var added = await _table.AddEntityAsync(new TableEntity(roundId, key) { ["Status"] = "Sending", ["ClaimedAt"] = now, ["Attempts"] = 1 }, cancellationToken);
            return (DeliveryClaim.Claimed, added.Headers.ETag!.Value);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await _table.GetEntityAsync<TableEntity>(roundId, key, cancellationToken: cancellationToken)).Value;
            var status = existing.GetString("Status");
            if (status == "Sent")
            {
                return (DeliveryClaim.AlreadySent, existing.ETag);
            }

            if (status == "Sending" && now - (existing.GetDateTimeOffset("ClaimedAt") ?? now) < StaleClaim)
            {
                return (DeliveryClaim.InProgress, existing.ETag);
            }

            existing["Status"] = "Sending";
            existing["ClaimedAt"] = now;
            existing["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
            try
            {
                var updated = await _table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return (DeliveryClaim.Claimed, updated.Headers.ETag!.Value);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return (DeliveryClaim.InProgress, existing.ETag);
            }
        }
    }

    public async Task MarkSentAsync(string roundId, string key, ETag claim, string? tokenHash, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(roundId, key) { ["Status"] = "Sent", ["SentAt"] = clock.GetUtcNow(), ["TokenHash"] = tokenHash };
        await _table.UpdateEntityAsync(entity, claim, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Marks a claimed send as failed, so the next attempt may take it over at once.</summary>
    public async Task MarkFailedAsync(string roundId, string key, ETag claim, string reason, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(roundId, key) { ["Status"] = "Failed", ["FailedAt"] = clock.GetUtcNow(), ["Error"] = reason };
        await _table.UpdateEntityAsync(entity, claim, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Failed deliveries under <paramref name="prefix"/> that failed before <paramref name="failedBefore"/> and were not
    /// queued again since; each returned one is marked as queued again.
    /// </summary>
    public async Task<List<string>> TakeFailedAsync(string roundId, string? prefix, DateTimeOffset failedBefore, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, cancellationToken: cancellationToken))
        {
            if (prefix is not null && !row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var failedAt = row.GetDateTimeOffset("FailedAt");
            if (row.GetString("Status") != "Failed" || failedAt is null || failedAt > failedBefore || row.GetDateTimeOffset("RetryQueuedAt") >= failedAt)
            {
                continue;
            }

            row["RetryQueuedAt"] = clock.GetUtcNow();
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
                taken.Add(row.RowKey);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another clock took it, or a send is under way.
            }
        }

        return taken;
    }

    /// <summary>Delivery rows of a round whose key starts with <paramref name="prefix"/> (all of them for ""), with their status.</summary>
    public async Task<List<(string Key, string Status, string? TokenHash)>> ListAsync(string roundId, string prefix, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, string?)>();
        var end = prefix.Length == 0 ? "" : prefix[..^1] + (char)(prefix[^1] + 1);
        var query = prefix.Length == 0
            ? _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, select: ["RowKey", "Status", "TokenHash"], cancellationToken: cancellationToken)
            : _table.QueryAsync<TableEntity>(
                e => e.PartitionKey == roundId && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(end) < 0,
                select: ["RowKey", "Status", "TokenHash"],
                cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            rows.Add((row.RowKey, row.GetString("Status"), row.GetString("TokenHash")));
        }

        return rows;
    }
}
