using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>The body the Functions host POSTs to <c>/{FunctionName}</c> for a queue or timer invocation.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>The answer the host expects: outputs by binding name, log lines, and the $return value.</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

/// <summary>What a queue or timer function gets besides its payload.</summary>
public sealed class InvocationContext(string functionName, string invocationId, int dequeueCount, ILogger logger)
{
    public string FunctionName { get; } = functionName;

    public string InvocationId { get; } = invocationId;

    /// <summary>How many times the host has handed out this queue message, 1 on the first try (0 for timers).</summary>
    public int DequeueCount { get; } = dequeueCount;

    public ILogger Logger { get; } = logger;

    /// <summary>Lines returned to the host in <c>Logs</c>; they land in the invocation's log stream.</summary>
    public List<string> Logs { get; } = [];
}

/// <summary>The timer trigger's payload as the host sends it.</summary>
public sealed record TimerInfo(
    [property: JsonPropertyName("Schedule")] JsonElement? Schedule,
    [property: JsonPropertyName("ScheduleStatus")] ScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue);

public sealed record ScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);

/// <summary>A queue-triggered function: one message in, success or an exception (the host then retries).</summary>
public interface IQueueFunction<in TMessage>
{
    Task RunAsync(TMessage message, InvocationContext context, CancellationToken cancellationToken);
}

/// <summary>A timer-triggered function.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerInfo timer, InvocationContext context, CancellationToken cancellationToken);
}

/// <summary>Reads binding values out of the host's envelope.</summary>
public static class Envelope
{
    /// <summary>
    /// The value of input binding <paramref name="binding"/> as <typeparamref name="T"/>. The host may deliver a
    /// queue message as an object, as a JSON string holding the message, or as a string holding that string
    /// (it serializes strings once more on the way in), so up to two string layers are unwrapped.
    /// </summary>
    public static T Read<T>(InvocationRequest request, string binding, JsonSerializerOptions options)
    {
        if (request.Data is null || !request.Data.TryGetValue(binding, out var value))
        {
            throw new InvalidInvocationException($"The invocation has no input named '{binding}'.");
        }

        for (var layer = 0; value.ValueKind == JsonValueKind.String && layer < 2; layer++)
        {
            var text = value.GetString()!;
            try
            {
                value = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException e)
            {
                throw new InvalidInvocationException($"Input '{binding}' is not JSON: {e.Message}");
            }
        }

        try
        {
            return value.Deserialize<T>(options) ?? throw new InvalidInvocationException($"Input '{binding}' is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidInvocationException($"Input '{binding}' is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    public static int DequeueCount(InvocationRequest request) =>
        request.Metadata?.TryGetValue("DequeueCount", out var count) == true && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : 0;
}

/// <summary>The host sent something this function cannot read; retrying will not help, so it ends in the poison queue.</summary>
public sealed class InvalidInvocationException(string message) : Exception(message);
