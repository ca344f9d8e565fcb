using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NCrontab;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Settings of the local trigger runner.</summary>
public sealed class LocalTriggerOptions
{
    /// <summary>On by default when no Functions host is present (FUNCTIONS_CUSTOMHANDLER_PORT unset).</summary>
    public bool? Enabled { get; set; }

    /// <summary>How long a received message stays invisible while it is processed, as the host's lease does (10 minutes there).</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Folder holding host.json and the function folders; defaults to the app's own folder.</summary>
    public string? AppDirectory { get; set; }

    /// <summary>Whether timer functions run on their schedules (tests switch this off and fire them by hand).</summary>
    public bool RunTimers { get; set; } = true;
}

/// <summary>
/// A development stand-in for the Functions host's queue and timer triggers: it reads the same host.json and
/// function.json files, polls the queues in storage, evaluates timer schedules with NCrontab, and POSTs the
/// host's invocation envelope to this app. Retry and poison follow the host's queue processor: a failed message
/// is released for another try after <c>visibilityTimeout</c>; a failure on the <c>maxDequeueCount</c>-th try, or
/// a message already handed out more often than that, is copied to <c>&lt;queue&gt;-poison</c> and deleted.
/// </summary>
public sealed class LocalTriggerRunner(
    StorageAccount storage,
    IServer server,
    IHostApplicationLifetime lifetime,
    IHttpClientFactory httpClients,
    IOptions<LocalTriggerOptions> options,
    TimeProvider clock,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions HostJson = new() { PropertyNamingPolicy = null };

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>("LocalTriggers:Enabled") ?? string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var manifest = FunctionManifest.Load(options.Value.AppDirectory ?? AppContext.BaseDirectory);
        var baseAddress = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        var loops = manifest.Functions
            .Select(f => f.TriggerType switch
            {
                "queueTrigger" => PollQueueAsync(f, manifest.Queues, baseAddress, stoppingToken),
                "timerTrigger" when options.Value.RunTimers => RunTimerAsync(f, baseAddress, stoppingToken),
                _ => Task.CompletedTask,
            })
            .ToList();
        var triggered = manifest.Functions.Count(f => f.TriggerType != "httpTrigger");
        logger.LogInformation("Local trigger runner started for {Count} queue and timer functions at {Address}", triggered, baseAddress);
        await Task.WhenAll(loops);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        using var stopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task PollQueueAsync(FunctionDefinition function, QueueSettings settings, Uri baseAddress, CancellationToken stoppingToken)
    {
        var queue = storage.Queue(function.QueueName!);
        var poison = storage.Queue(function.QueueName + "-poison");
        var idleDelay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, options.Value.ProcessingLease, stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(idleDelay, clock, stoppingToken);
                    idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                idleDelay = TimeSpan.FromMilliseconds(100);
                await Task.WhenAll(messages.Select(m => ProcessAsync(function, settings, queue, poison, m, baseAddress, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Polling {Queue} failed ({Error}); trying again shortly", function.QueueName, e.Message);
                await Task.Delay(settings.MaxPollingInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(FunctionDefinition function, QueueSettings settings, QueueClient queue, QueueClient poison, QueueMessage message, Uri baseAddress, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, stoppingToken);
            return;
        }

        var text = message.Body.ToString();
        var envelope = new
        {
            Data = new Dictionary<string, object?> { [function.BindingName] = JsonSerializer.Serialize(text) },
            Metadata = new Dictionary<string, object?>
            {
                ["DequeueCount"] = message.DequeueCount,
                ["ExpirationTime"] = message.ExpiresOn,
                ["Id"] = message.MessageId,
                ["InsertionTime"] = message.InsertedOn,
                ["NextVisibleTime"] = message.NextVisibleOn,
                ["PopReceipt"] = message.PopReceipt,
                ["sys"] = SystemMetadata("QueueTrigger"),
            },
        };

        var succeeded = await InvokeAsync(function, envelope, baseAddress, stoppingToken);
        if (succeeded)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        else if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, stoppingToken);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stoppingToken);
        }
    }

    private async Task MoveToPoisonAsync(FunctionDefinition function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        logger.LogError("{Function}: message {MessageId} failed {DequeueCount} times and moves to {PoisonQueue}", function.Name, message.MessageId, message.DequeueCount, poison.Name);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private async Task RunTimerAsync(FunctionDefinition function, Uri baseAddress, CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(function.Schedule!, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var last = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = new DateTimeOffset(schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime), TimeSpan.Zero);
            try
            {
                await Task.Delay(next - clock.GetUtcNow() is { Ticks: > 0 } wait ? wait : TimeSpan.Zero, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var following = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            var envelope = new
            {
                Data = new Dictionary<string, object?>
                {
                    [function.BindingName] = new
                    {
                        Schedule = new { AdjustForDST = true },
                        ScheduleStatus = new { Last = last, Next = following, LastUpdated = now },
                        IsPastDue = now - next > TimeSpan.FromSeconds(30),
                    },
                },
                Metadata = new Dictionary<string, object?> { ["sys"] = SystemMetadata("TimerTrigger") },
            };
            await InvokeAsync(function, envelope, baseAddress, stoppingToken);
            last = now;
        }
    }

    private async Task<bool> InvokeAsync(FunctionDefinition function, object envelope, Uri baseAddress, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, function.Name))
        {
            Content = JsonContent.Create(envelope, options: HostJson),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/local-runner");
        try
        {
            using var response = await httpClients.CreateClient(nameof(LocalTriggerRunner)).SendAsync(request, stoppingToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("{Function} could not be invoked: {Error}", function.Name, e.Message);
            return false;
        }
    }

    private object SystemMetadata(string methodName) => new { MethodName = methodName, UtcNow = clock.GetUtcNow(), RandGuid = Guid.NewGuid() };
}
