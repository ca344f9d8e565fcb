using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks;

/// <summary>
/// The storage a benchmark runs on: the Azurite named by a connection string (one started by hand, to profile its
/// thread or keep seeded data), or else a fresh in-memory Azurite started here and stopped on dispose; its containers,
/// queues and tables created.
/// </summary>
public sealed class BenchStorage : IDisposable
{
    private readonly AzuriteProcess? _azurite;

    private BenchStorage(AzuriteProcess? azurite, string connectionString, StorageAccount account) =>
        (_azurite, ConnectionString, Account) = (azurite, connectionString, account);

    public string ConnectionString { get; }

    public StorageAccount Account { get; }

    public static async Task<BenchStorage> OpenAsync(string? connection, StorageRetry? retry = null)
    {
        var azurite = connection is null ? await AzuriteProcess.StartAsync(1) : null;
        try
        {
            var connectionString = connection ?? azurite!.ConnectionString(AzuriteProcess.AccountName(1));
            var account = StorageAccount.FromConnectionString(connectionString, retry);
            await account.EnsureCreatedAsync(CancellationToken.None);
            return new BenchStorage(azurite, connectionString, account);
        }
        catch
        {
            azurite?.Dispose();
            throw;
        }
    }

    public void Dispose() => _azurite?.Dispose();
}
