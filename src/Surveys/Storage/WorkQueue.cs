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
        // The runtime type, so a message passed as object still serializes with its fields.
        await Client(queueName).SendMessageAsync(new BinaryData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), PipelineJson.Options)), delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    public QueueClient Client(string queueName) => account.Queue(queueName);
}
