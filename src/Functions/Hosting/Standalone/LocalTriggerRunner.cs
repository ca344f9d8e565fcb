using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using NCrontab;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>Settings of the local trigger runner.</summary>
public sealed class LocalTriggerOptions
{
    /// <summary>On by default in standalone mode (there is no Functions host to trigger the queue and timer functions).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a received message stays invisible while it is processed, as the host's lease does (10 minutes there).</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Folder holding host.json and functions.metadata; defaults to the app's own folder.</summary>
    public string? AppDirectory { get; set; }

    /// <summary>Whether timer functions run on their schedules (tests switch this off and fire them by hand).</summary>
    public bool RunTimers { get; set; } = true;
}

/// <summary>
/// A development stand-in for the Functions host's queue and timer triggers: for the functions in
/// <c>functions.metadata</c> it polls their queues in storage and evaluates their timer schedules with NCrontab (as
/// the host does), and invokes the function methods in this process through <see cref="LocalInvocation"/>. Retry and poison follow the host's queue processor and host.json: a failed message is
/// released for another try after <c>visibilityTimeout</c>; a failure on the <c>maxDequeueCount</c>-th try, or a
/// message already handed out more often than that, is copied to <c>&lt;queue&gt;-poison</c> and deleted.
/// </summary>
public sealed partial class LocalTriggerRunner(
    StorageAccount storage,
    FunctionInvoker invoker,
    LocalInvocation invocation,
    IHostApplicationLifetime lifetime,
    IOptions<LocalTriggerOptions> options,
    TimeProvider clock,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var index = options.Value.AppDirectory is { } folder ? FunctionIndex.Load(folder) : invoker.Index;
        var loops = index.Functions
            .Select(f => f.TriggerType switch
            {
                "queueTrigger" => PollQueueAsync(f, index.Queues, stoppingToken),
                "timerTrigger" when options.Value.RunTimers => RunTimerAsync(f, stoppingToken),
                _ => Task.CompletedTask,
            })
            .ToList();
        Log.Started(logger, index.Functions.Count(f => !f.IsHttp));
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

    private async Task PollQueueAsync(FunctionEntry function, QueueSettings settings, CancellationToken stoppingToken)
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
                await Task.WhenAll(messages.Select(m => ProcessAsync(function, settings, queue, poison, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
            {
                Log.PollingFailed(logger, function.QueueName!, e.Message);
                await Task.Delay(settings.MaxPollingInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(FunctionEntry function, QueueSettings settings, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, stoppingToken);
            return;
        }

        // The trigger metadata the host gives a queue function, by the same names.
        var metadata = new Dictionary<string, object?>
        {
            ["DequeueCount"] = message.DequeueCount,
            ["ExpirationTime"] = message.ExpiresOn,
            ["Id"] = message.MessageId,
            ["InsertionTime"] = message.InsertedOn,
            ["NextVisibleTime"] = message.NextVisibleOn,
            ["PopReceipt"] = message.PopReceipt,
        };
        if (await invocation.InvokeAsync(function, message.Body.ToString(), metadata, stoppingToken))
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

    private async Task MoveToPoisonAsync(FunctionEntry function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        Log.Poisoned(logger, function.Name, message.MessageId, message.DequeueCount, poison.Name);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private async Task RunTimerAsync(FunctionEntry function, CancellationToken stoppingToken)
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
            var timer = new TimerInfo
            {
                ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = schedule.GetNextOccurrence(now.UtcDateTime), LastUpdated = now.UtcDateTime },
                IsPastDue = now - next > TimeSpan.FromSeconds(30),
            };
            await invocation.InvokeAsync(function, timer, new Dictionary<string, object?>(), stoppingToken);
            last = now;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Local trigger runner started for {Count} queue and timer functions")]
        public static partial void Started(ILogger logger, int count);

        [LoggerMessage(LogLevel.Warning, "Polling {Queue} failed ({Error}); trying again shortly")]
        public static partial void PollingFailed(ILogger logger, string queue, string error);

        [LoggerMessage(LogLevel.Error, "{Function}: message {MessageId} failed {DequeueCount} times and moves to {PoisonQueue}")]
        public static partial void Poisoned(ILogger logger, string function, string messageId, long dequeueCount, string poisonQueue);
    }
}
