using Azure.Storage.Queues;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Sends pipeline messages as JSON objects, Base64-encoded (the queue trigger's default encoding).
/// Messages are always JSON objects: the host Base64-decodes string outputs that happen to look like Base64.
/// </summary>
public sealed class WorkQueue(StorageAccount account)
{
    public async Task SendAsync<T>(string queueName, T message, CancellationToken cancellationToken, TimeSpan? delay = null)
        where T : class
    {
        await Client(queueName).SendMessageAsync(PipelineJson.Serialize(message), delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    public QueueClient Client(string queueName) => account.Queue(queueName);
}
