using Azure;
using Azure.Storage.Queues;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>How many messages wait in one of the app's queues and in its poison queue.</summary>
public sealed record QueueDepth(string Queue, int Waiting, int Poisoned);

/// <summary>A message in a poison queue: when it was first queued, how often it was tried, and its text (ids only).</summary>
public sealed record PoisonedMessage(string Id, DateTimeOffset? InsertedOn, long DequeueCount, string Text);

/// <summary>
/// The operator's view of the queues: depths, what sits in a poison queue (a message that failed every try), and
/// re-driving it into its queue once the cause is fixed. Every handler is idempotent, so a re-driven message that had
/// partly done its work finishes it without repeating what was done.
/// </summary>
public sealed class PoisonQueues(StorageAccount storage)
{
    public const string Suffix = "-poison";

    public async Task<List<QueueDepth>> ListAsync(CancellationToken cancellationToken)
    {
        var depths = new List<QueueDepth>();
        foreach (var name in StorageNames.AllQueues)
        {
            depths.Add(await DepthAsync(name, cancellationToken));
        }

        return depths;
    }

    /// <summary>
    /// How many messages <paramref name="queue"/> and its poison queue hold, each by its approximate count, which the
    /// service documents as never lower than the actual number (messages being processed, invisible for the time
    /// being, are counted): zero in both means no message sent to the queue is left unfinished.
    /// </summary>
    public async Task<QueueDepth> DepthAsync(string queue, CancellationToken cancellationToken)
    {
        var waiting = CountAsync(storage.Queue(Known(queue)), cancellationToken);
        var poisoned = CountAsync(storage.Queue(queue + Suffix), cancellationToken);
        return new QueueDepth(queue, await waiting, await poisoned);
    }

    /// <summary>Up to 32 messages of <paramref name="queue"/>'s poison queue, without taking them.</summary>
    public async Task<List<PoisonedMessage>> PeekAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var poison = storage.Queue(Known(queue) + Suffix);
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            return [];
        }

        var peeked = await poison.PeekMessagesAsync(Math.Clamp(max, 1, 32), cancellationToken);
        return [.. peeked.Value.Select(m => new PoisonedMessage(m.MessageId, m.InsertedOn, m.DequeueCount, m.MessageText))];
    }

    /// <summary>
    /// Moves every message of <paramref name="queue"/>'s poison queue back into <paramref name="queue"/>, each sent
    /// before it is deleted (a crash in between leaves a duplicate, never a loss). Returns how many moved.
    /// </summary>
    public async Task<int> RedriveAsync(string queue, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var target = storage.Queue(Known(queue));
        var poison = storage.Queue(queue + Suffix);
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            return 0;
        }

        await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var moved = 0;
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return moved;
            }

            foreach (var message in batch)
            {
                await target.SendMessageAsync(message.MessageText, cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                progress?.Report(++moved);
            }
        }
    }

    private static string Known(string queue) =>
        StorageNames.AllQueues.Contains(queue, StringComparer.Ordinal)
            ? queue
            : throw new ArgumentException($"'{queue}' is not one of the app's queues ({string.Join(", ", StorageNames.AllQueues)}).", nameof(queue));

    private static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }
}
