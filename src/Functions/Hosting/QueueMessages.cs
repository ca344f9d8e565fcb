using System.Diagnostics;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Reads the queue messages the pipeline's producers write (<see cref="PipelineJson"/>) in the queue functions.</summary>
public static class QueueMessages
{
    /// <summary>
    /// The message as <typeparamref name="T"/>. Text that is not one throws <see cref="InvalidQueueMessageException"/>:
    /// the invocation fails, and the host retries and then poisons the message, as for any failure.
    /// </summary>
    public static T Read<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, PipelineJson.Options)
                ?? throw new InvalidQueueMessageException($"The queue message is null, not a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidQueueMessageException($"The queue message is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Puts a message's round and school into the invocation's log scope and span, for the rest of the function.</summary>
    public static IDisposable? BeginRoundScope(this FunctionContext context, IRoundMessage message)
    {
        Activity.Current?.SetTag(PipelineTelemetry.Tags.RoundId, message.RoundId).SetTag(PipelineTelemetry.Tags.SchoolId, message.SchoolScope);
        return context.GetLogger("Function." + context.FunctionDefinition.Name)
            .BeginScope(new Dictionary<string, object?> { ["RoundId"] = message.RoundId, ["SchoolId"] = message.SchoolScope });
    }
}

/// <summary>A queue message this function cannot read; retrying will not help, so it ends in the poison queue.</summary>
public sealed class InvalidQueueMessageException(string message) : Exception(message);
