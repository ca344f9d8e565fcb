using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Privacy;

/// <summary>
/// Every trace of a value anywhere in a storage account (table keys and values, blob names and metadata, and if asked
/// blob contents), and a snapshot of everything stored, to show that a request changed nothing.
/// </summary>
internal static class StorageInventory
{
    /// <summary>Places where <paramref name="needle"/> appears, except in the tables and containers named in <paramref name="except"/>.</summary>
    public static Task<List<string>> FindAsync(StorageAccount storage, string needle, params string[] except) =>
        FindAsync(storage, needle, contents: false, except);

    public static async Task<List<string>> FindAsync(StorageAccount storage, string needle, bool contents, params string[] except)
    {
        var found = new List<string>();
        await foreach (var table in storage.Tables.QueryAsync())
        {
            if (except.Contains(table.Name))
            {
                continue;
            }

            await foreach (var row in storage.Table(table.Name).QueryAsync<TableEntity>())
            {
                var values = row.Where(p => p.Value is string).Select(p => (string)p.Value).Prepend(row.RowKey).Prepend(row.PartitionKey);
                if (values.Any(v => v.Contains(needle, StringComparison.Ordinal)))
                {
                    found.Add($"table {table.Name}: {row.PartitionKey} / {row.RowKey}");
                }
            }
        }

        await foreach (var container in storage.Blobs.GetBlobContainersAsync())
        {
            if (except.Contains(container.Name))
            {
                continue;
            }

            await foreach (var blob in storage.Container(container.Name).GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, CancellationToken.None))
            {
                if (blob.Name.Contains(needle, StringComparison.Ordinal) || blob.Metadata.Values.Any(v => v == needle)
                    || (contents && (await storage.Container(container.Name).GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString().Contains(needle, StringComparison.Ordinal)))
                {
                    found.Add($"blob {container.Name}/{blob.Name}");
                }
            }
        }

        return found;
    }

    /// <summary>
    /// One line per stored thing, with its version: table rows (ETag), blobs (ETag) and the number of messages in each queue. Two equal
    /// snapshots mean nothing was added, changed or removed in between.
    /// </summary>
    public static async Task<SortedSet<string>> SnapshotAsync(StorageAccount storage)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var table in storage.Tables.QueryAsync())
        {
            await foreach (var row in storage.Table(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                lines.Add($"table {table.Name}: {row.PartitionKey} / {row.RowKey} @ {row.ETag}");
            }
        }

        await foreach (var container in storage.Blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in storage.Container(container.Name).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
            {
                lines.Add($"blob {container.Name}/{blob.Name} @ {blob.Properties.ETag}");
            }
        }

        // Queues by message count, not by peeking: a peek sees only visible messages, so a message sent earlier with a
        // delay (the profile build after a close) would look like a new one the moment it became visible.
        await foreach (var queue in storage.Queues.GetQueuesAsync())
        {
            lines.Add($"queue {queue.Name}: {(await storage.Queue(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount} messages");
        }

        return lines;
    }
}
