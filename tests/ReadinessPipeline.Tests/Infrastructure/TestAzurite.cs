using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

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

        var name = $"test{index:00}";
        return (ConnectionString(name, route(ports)), ConnectionString(name, ports));
    }

    private static string ConnectionString(string name, (int Blob, int Queue, int Table) ports) =>
        $"DefaultEndpointsProtocol=http;AccountName={name};AccountKey={Key(name)};" +
        $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{name};QueueEndpoint=http://127.0.0.1:{ports.Queue}/{name};TableEndpoint=http://127.0.0.1:{ports.Table}/{name};";

    private static string Key(string account) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"readiness-{account}-key"));

    private static string Accounts() => string.Join(';', Enumerable.Range(1, AccountCount).Select(i => $"test{i:00}").Select(n => $"{n}:{Key(n)}"));

    private static async Task<(int, int, int)> StartOrAttachAsync()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("AZURITE_BLOB_PORT"), out var b)
            && int.TryParse(Environment.GetEnvironmentVariable("AZURITE_QUEUE_PORT"), out var q)
            && int.TryParse(Environment.GetEnvironmentVariable("AZURITE_TABLE_PORT"), out var t))
        {
            return (b, q, t);
        }

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}. Run ./test.sh (it runs 'npm ci' first) or 'npm ci' in the repository root.");
        }

        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["AZURITE_ACCOUNTS"] = Accounts() },
        };
        var process = Process.Start(start)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Table service is successfully listening", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (blob, queue, table);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReadinessPipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (ReadinessPipeline.sln).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
