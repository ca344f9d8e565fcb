using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReadinessPipeline.Testing;

/// <summary>
/// An in-memory Azurite started from the repository's node_modules on free loopback ports, with extra accounts
/// (test01..testNN) so users of one instance never see each other's data. Stopped on dispose or process exit.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    private readonly Process _process;

    private AzuriteProcess(Process process, int blob, int queue, int table)
    {
        _process = process;
        (BlobPort, QueuePort, TablePort) = (blob, queue, table);
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The account key scripts/azurite.sh and this class both derive from an account name.</summary>
    public static string Key(string account) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"readiness-{account}-key"));

    public static string AccountName(int index) => $"test{index:00}";

    public static string Accounts(int count) => string.Join(';', Enumerable.Range(1, count).Select(AccountName).Select(n => $"{n}:{Key(n)}"));

    public static string ConnectionString(string account, int blob, int queue, int table) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={Key(account)};" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/{account};QueueEndpoint=http://127.0.0.1:{queue}/{account};TableEndpoint=http://127.0.0.1:{table}/{account};";

    public string ConnectionString(string account) => ConnectionString(account, BlobPort, QueuePort, TablePort);

    public static async Task<AzuriteProcess> StartAsync(int accounts)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}. Run ./test.sh (it runs 'npm ci' first) or 'npm ci' in the repository root.");
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["AZURITE_ACCOUNTS"] = Accounts(accounts) },
        };
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tablePort", table.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var azurite = new AzuriteProcess(process, blob, queue, table);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
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
        return azurite;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
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
