using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>
/// The real Functions app on a loopback port, against its own Azurite account, with the local trigger runner
/// polling the queues as the Functions host would. Tests talk to it over HTTP.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Start);

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public StorageAccount Storage { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public LogCapture Logs { get; } = new();

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public virtual async Task InitializeAsync()
    {
        await PrepareAsync();
        ConnectionString = await CreateConnectionStringAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = ConnectionString,
            ["LocalTriggers:ProcessingLease"] = "00:00:05",
            ["LocalTriggers:RunTimers"] = "false",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
        };
        Configure(settings);
        App = FunctionsApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(Logs);
            ConfigureServices(builder.Services);
        });
        await App.StartAsync();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        Http = new HttpClient { BaseAddress = BaseAddress };
        Storage = App.Services.GetRequiredService<StorageAccount>();
        await Storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>The storage the app uses: by default a fresh Azurite account.</summary>
    protected virtual Task<string> CreateConnectionStringAsync() => TestAzurite.NewAccountAsync();

    /// <summary>Starts what a fixture of a particular kind needs before the app (a fake email service, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>
    /// A copy of the app folder's host.json and functions.metadata with the queue settings changed, for the local
    /// trigger runner (<c>LocalTriggers:AppDirectory</c>): tests see retries and poison queues in seconds.
    /// </summary>
    public static string AppFolderWithQueues(int maxDequeueCount, TimeSpan visibilityTimeout)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "app-" + Guid.NewGuid().ToString("N"))).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "functions.metadata"), Path.Combine(folder, "functions.metadata"));
        var host = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        host["extensions"]!["queues"]!["maxDequeueCount"] = maxDequeueCount;
        host["extensions"]!["queues"]!["visibilityTimeout"] = visibilityTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, "host.json"), host.ToJsonString());
        return folder;
    }

    /// <summary>Extra settings for a fixture of a particular kind.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>An open round with one link per (school, instrument) at the given instrument version; returns the tokens.</summary>
    public async Task<TestRound> OpenRoundAsync(string[] schools, string[] instruments, LinkKind kind = LinkKind.Shared, int linksPerSchool = 1, int version = 1)
    {
        var network = "net-" + Guid.NewGuid().ToString("N")[..8];
        var round = new Round(
            "round-" + Guid.NewGuid().ToString("N")[..8],
            network,
            "Fall readiness check",
            RoundState.Open,
            Clock.Now.AddHours(-1),
            Clock.Now.AddDays(14),
            [.. instruments.Select(i => new RoundInstrument(i, version, kind == LinkKind.Personal ? ResponseMode.Confidential : ResponseMode.Anonymous))],
            [],
            Clock.Now.AddHours(-2));
        await Service<RoundStore>().CreateAsync(round, CancellationToken.None);
        var tokens = new Dictionary<(string School, string Instrument), List<string>>();
        var links = Service<LinkStore>();
        foreach (var school in schools)
        {
            foreach (var instrument in instruments)
            {
                var list = tokens[(school, instrument)] = [];
                for (var n = 0; n < linksPerSchool; n++)
                {
                    var person = kind == LinkKind.Personal ? $"person-{school}-{n}" : null;
                    list.Add(await links.CreateAsync(hash => new SurveyLink(hash, kind, network, round.Id, school, instrument, version, person, false), CancellationToken.None));
                }
            }
        }

        return new TestRound(round, tokens);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting{(because is null ? "" : ": " + because)}.");
    }

    /// <summary>
    /// Waits until a queue holds no message at all, visible or not: every message sent to it so far has been handled
    /// (the runner deletes a message only once its function succeeded), so whatever it was going to do is done.
    /// </summary>
    public async Task DrainedAsync(string queue, TimeSpan? timeout = null) =>
        await EventuallyAsync(async () => (await Storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, timeout, because: $"the {queue} queue to be handled");

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Http.PostAsJsonAsync(path, body);
}

/// <summary>A round opened for a test, with its link tokens by (school, instrument).</summary>
public sealed record TestRound(Round Round, Dictionary<(string School, string Instrument), List<string>> Tokens)
{
    public string Token(string school, string instrument, int n = 0) => Tokens[(school, instrument)][n];
}
