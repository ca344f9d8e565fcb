using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// The app's one set of Azure Storage clients (singletons, per the Azure SDK guidance), and the names of every
/// table, container and queue. Connects with a connection string, or with service URIs and a managed identity.
/// </summary>
public sealed class StorageAccount
{
    public StorageAccount(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues)
    {
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>Clients from a storage connection string (Azurite or a key-based account).</summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageRetry? retry = null)
    {
        retry ??= StorageRetry.Default;
        return new StorageAccount(
            new TableServiceClient(connectionString, retry.Apply(new TableClientOptions())),
            new BlobServiceClient(connectionString, retry.Apply(new BlobClientOptions())),
            new QueueServiceClient(connectionString, retry.Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
    }

    /// <summary>Clients from service URIs with a token credential (managed identity in Azure).</summary>
    public static StorageAccount FromServiceUris(Uri blob, Uri queue, Uri table, TokenCredential credential, StorageRetry? retry = null)
    {
        retry ??= StorageRetry.Default;
        return new StorageAccount(
            new TableServiceClient(table, credential, retry.Apply(new TableClientOptions())),
            new BlobServiceClient(blob, credential, retry.Apply(new BlobClientOptions())),
            new QueueServiceClient(queue, credential, retry.Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
    }

    /// <summary>
    /// Reads a Functions-style storage setting: either <c>{name}</c> as a connection string, or
    /// <c>{name}__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c> (and optional
    /// <c>__clientId</c> for a user-assigned identity), the same shapes the Functions host accepts.
    /// </summary>
    public static StorageAccount FromSettings(Func<string, string?> setting, string name = "AzureWebJobsStorage", StorageRetry? retry = null)
    {
        var connectionString = setting(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, retry);
        }

        var blob = setting($"{name}__blobServiceUri");
        var queue = setting($"{name}__queueServiceUri");
        var table = setting($"{name}__tableServiceUri");
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{name}' to a connection string, or '{name}__blobServiceUri', '{name}__queueServiceUri' and '{name}__tableServiceUri' for a managed identity.");
        }

        var clientId = setting($"{name}__clientId");
        TokenCredential credential = clientId is null ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        return FromServiceUris(new Uri(blob), new Uri(queue), new Uri(table), credential, retry);
    }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Creates every table, container and queue the product uses; safe to call at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            StorageNames.AllTables.Select(name => Tables.CreateTableIfNotExistsAsync(name, cancellationToken))
            .Concat<Task>(StorageNames.AllContainers.Select(name => Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
            .Concat(StorageNames.AllQueues.Select(name => Queue(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }
}

/// <summary>
/// Retry settings for the storage clients. Kept short on purpose: an HTTP caller waiting on a submission is better
/// served by a quick 503 and its own retry than by a long server-side wait.
/// </summary>
public sealed record StorageRetry(int MaxRetries, TimeSpan Delay, TimeSpan NetworkTimeout)
{
    public static StorageRetry Default { get; } = new(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20));

    public T Apply<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = Delay;
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}

/// <summary>Names of every table, blob container and queue.</summary>
public static class StorageNames
{
    public const string RoundsTable = "Rounds";
    public const string LinksTable = "Links";
    public const string ScoresTable = "Scores";
    public const string CompletionsTable = "Completions";
    public const string NetworksTable = "Networks";
    public const string SchoolsTable = "Schools";
    public const string RosterTable = "Roster";
    public const string OptOutsTable = "OptOuts";
    public const string DeliveriesTable = "Deliveries";
    public const string ReportLinksTable = "ReportLinks";
    public const string AuditTable = "Audit";
    public const string SharedLinksTable = "SharedLinks";
    public const string SessionsTable = "CoachSessions";

    public const string SubmissionsContainer = "submissions";
    public const string ReportsContainer = "reports";
    public const string ModelsContainer = "models";
    public const string AuditContainer = "audit";

    public const string ScoreQueue = "score-submission";
    public const string InvitationQueue = "send-invitations";
    public const string ReminderQueue = "send-reminders";
    public const string ProfileQueue = "build-profiles";
    public const string RestampQueue = "restamp-completions";
    public const string SweepQueue = "sweep-submissions";
    public const string ReportQueue = "send-report";
    public const string ErasureQueue = "erase-data";

    public static IReadOnlyList<string> AllTables { get; } = [RoundsTable, LinksTable, ScoresTable, CompletionsTable, NetworksTable, SchoolsTable, RosterTable, OptOutsTable, DeliveriesTable, ReportLinksTable, AuditTable, SharedLinksTable, SessionsTable];

    public static IReadOnlyList<string> AllContainers { get; } = [SubmissionsContainer, ReportsContainer, ModelsContainer, AuditContainer];

    public static IReadOnlyList<string> AllQueues { get; } = [ScoreQueue, InvitationQueue, ReminderQueue, ProfileQueue, RestampQueue, SweepQueue, ReportQueue, ErasureQueue];
}
