using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// What every queue and timer invocation gets around it, in both modes: a log scope with the function and invocation,
/// a consumer span of the pipeline's activity source, and one outcome line with the attempt number. A failure is
/// logged and thrown on, so the host (or the local runner) retries the message and then poisons it.
/// <see cref="Worker.TriggerMiddleware"/> calls it under the host, <see cref="Standalone.LocalTriggerRunner"/> without one.
/// </summary>
public sealed partial class TriggerInvocations(ILoggerFactory loggers)
{
    public async Task RunAsync(FunctionContext context, Func<Task> invoke)
    {
        var name = context.FunctionDefinition.Name;
        var attempt = DequeueCount(context);
        var logger = loggers.CreateLogger("Function." + name);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = name, ["InvocationId"] = context.InvocationId });
        using var activity = PipelineTelemetry.Source.StartActivity(name, ActivityKind.Consumer);
        activity?.SetTag(PipelineTelemetry.Tags.Function, name);
        activity?.SetTag("faas.invocation_id", context.InvocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await invoke();
            Log.Succeeded(logger, name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            Log.Failed(logger, e, name, attempt);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    /// <summary>How many times the queue has handed out this message, 1 on the first try (0 for a timer).</summary>
    public static int DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value) && value is not null
            && int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                ? count
                : 0;

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "{FunctionName} succeeded in {ElapsedMs:F0} ms (attempt {DequeueCount})")]
        public static partial void Succeeded(ILogger logger, string functionName, double elapsedMs, int dequeueCount);

        [LoggerMessage(LogLevel.Error, "{FunctionName} failed (attempt {DequeueCount})")]
        public static partial void Failed(ILogger logger, Exception error, string functionName, int dequeueCount);
    }
}
