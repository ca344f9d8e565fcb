using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>
/// The Azurite the tests use: the one test.sh started (its ports in AZURITE_*_PORT), or else one started here on
/// free ports and stopped when the test process exits. It carries 64 extra accounts (test01..test64), so each
/// fixture gets a storage account of its own and tests never see each other's tables, blobs or queues.
/// </summary>
public static class TestAzurite
{
    private const int AccountCount = 64;
    private static readonly Lazy<Task<(int Blob, int Queue, int Table)>> Ports = new(StartOrAttachAsync);
    private static int _nextAccount;

    /// <summary>A connection string for a storage account no other fixture has used in this test run.</summary>
    public static async Task<string> NewAccountAsync() => (await NewAccountAsync(ports => ports)).ConnectionString;

    /// <summary>
    /// A fresh account, reached through the ports <paramref name="route"/> returns for Azurite's (blob, queue, table)
    /// ports; also returns the direct connection string.
    /// </summary>
    public static async Task<(string ConnectionString, string Direct)> NewAccountAsync(Func<(int Blob, int Queue, int Table), (int Blob, int Queue, int Table)> route)
    {
        var ports = await Ports.Value;
        var index = Interlocked.Increment(ref _nextAccount);
        if (index > AccountCount)
        {
            throw new InvalidOperationException($"All {AccountCount} Azurite test accounts are in use; raise the count in scripts/azurite.sh and TestAzurite.");
        }

        var name = AzuriteProcess.AccountName(index);
        var routed = route(ports);
        return (AzuriteProcess.ConnectionString(name, routed.Blob, routed.Queue, routed.Table), AzuriteProcess.ConnectionString(name, ports.Blob, ports.Queue, ports.Table));
    }

    public static string RepositoryRoot() => AzuriteProcess.RepositoryRoot();

    public static int FreePort() => AzuriteProcess.FreePort();

    private static async Task<(int, int, int)> StartOrAttachAsync()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("AZURITE_BLOB_PORT"), out var b)
            && int.TryParse(Environment.GetEnvironmentVariable("AZURITE_QUEUE_PORT"), out var q)
            && int.TryParse(Environment.GetEnvironmentVariable("AZURITE_TABLE_PORT"), out var t))
        {
            return (b, q, t);
        }

        var azurite = await AzuriteProcess.StartAsync(AccountCount);
        return (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
    }
}
