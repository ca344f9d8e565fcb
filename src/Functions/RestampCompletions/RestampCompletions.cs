using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.RestampCompletions;

/// <summary>
/// Queue <c>restamp-completions</c>: rewrites a closed round's completion rows unchanged, so the storage service's own
/// timestamps on them tell only that the round is over, not when each person answered. BuildProfiles queues it once
/// the round's reports are written and their emails queued: the reports do not depend on it. The rows are one
/// partition per school, rewritten several schools at a time. Running it again changes nothing.
/// </summary>
public sealed class RestampCompletions(CompletionStore completions)
{
    [Function(nameof(RestampCompletions))]
    public async Task Run([QueueTrigger(StorageNames.RestampQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<RestampCompletionsMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await completions.RestampAsync(request.Round, context.CancellationToken);
    }
}
