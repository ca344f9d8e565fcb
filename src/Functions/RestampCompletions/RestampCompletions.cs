using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.RestampCompletions;

/// <summary>
/// Queue <c>restamp-completions</c>: rewrites a closed round's completion rows unchanged, so the storage service's own
/// timestamps on them tell only that the round is over, not when each person answered. BuildProfiles queues it once
/// the round's reports are written and their emails queued: the reports do not depend on it. The rows are one
/// partition per school of the round (the schools it was opened for), rewritten several schools at a time. A round
/// erased since has nothing left to rewrite; running it again changes nothing.
/// </summary>
public sealed class RestampCompletions(RoundStore rounds, CompletionStore completions)
{
    [Function(nameof(RestampCompletions))]
    public async Task Run([QueueTrigger(StorageNames.RestampQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<RestampCompletionsMessage>(message);
        using var scope = context.BeginRoundScope(request);
        if (await rounds.GetAsync(request.NetworkId, request.RoundId, context.CancellationToken) is { } stored)
        {
            await completions.RestampAsync(request.Round, stored.Round.SchoolIds, context.CancellationToken);
        }
    }
}
