using System.Diagnostics;
using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Maps queue and timer functions to <c>POST /{FunctionName}</c>, the custom-handler contract.</summary>
public static class FunctionEndpoints
{
    private static readonly JsonSerializerOptions HostJson = new() { PropertyNamingPolicy = null };

    public static void MapQueueFunction<TFunction, TMessage>(this IEndpointRouteBuilder app, string functionName, string binding)
        where TFunction : IQueueFunction<TMessage>
    {
        app.MapPost($"/{functionName}", (HttpContext http, InvocationRequest request, TFunction function, ILoggerFactory loggers) =>
            InvokeAsync(http, functionName, request, loggers, async (context, ct) =>
            {
                var message = Envelope.Read<TMessage>(request, binding, PipelineJson.Options);
                using var scope = message is IRoundMessage about
                    ? context.Logger.BeginScope(new Dictionary<string, object?> { ["RoundId"] = about.RoundId, ["SchoolId"] = about.SchoolScope })
                    : null;
                if (message is IRoundMessage tagged)
                {
                    Activity.Current?.SetTag(PipelineTelemetry.Tags.RoundId, tagged.RoundId).SetTag(PipelineTelemetry.Tags.SchoolId, tagged.SchoolScope);
                }

                await function.RunAsync(message, context, ct);
            }))
            .ExcludeFromDescription();
    }

    public static void MapTimerFunction<TFunction>(this IEndpointRouteBuilder app, string functionName, string binding)
        where TFunction : ITimerFunction
    {
        app.MapPost($"/{functionName}", (HttpContext http, InvocationRequest request, TFunction function, ILoggerFactory loggers) =>
            InvokeAsync(http, functionName, request, loggers, (context, ct) =>
                function.RunAsync(Envelope.Read<TimerInfo>(request, binding, HostJson), context, ct)))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> InvokeAsync(
        HttpContext http,
        string functionName,
        InvocationRequest request,
        ILoggerFactory loggers,
        Func<InvocationContext, CancellationToken, Task> run)
    {
        var invocationId = http.Request.Headers["X-Azure-Functions-InvocationId"].FirstOrDefault() ?? Guid.NewGuid().ToString();
        var logger = loggers.CreateLogger($"Function.{functionName}");
        var context = new InvocationContext(functionName, invocationId, Envelope.DequeueCount(request), logger);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = functionName, ["InvocationId"] = invocationId });
        using var activity = PipelineTelemetry.Source.StartActivity(functionName, ActivityKind.Consumer);
        activity?.SetTag(PipelineTelemetry.Tags.Function, functionName);
        activity?.SetTag("faas.invocation_id", invocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await run(context, http.RequestAborted);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            logger.LogInformation("{FunctionName} succeeded in {ElapsedMs:F0} ms (attempt {DequeueCount})", functionName, elapsed, context.DequeueCount);
            return Results.Json(new InvocationResult([], context.Logs, null), HostJson);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // A non-2xx answer tells the host the invocation failed: it retries, then moves the message to poison.
            logger.LogError(e, "{FunctionName} failed (attempt {DequeueCount})", functionName, context.DequeueCount);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            context.Logs.Add($"{functionName} failed: {e.GetType().Name}: {e.Message}");
            return Results.Json(new InvocationResult([], context.Logs, null), HostJson, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
