using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.SweepSubmissions;

/// <summary>
/// Queue <c>sweep-submissions</c>: after a close that read the score rows only (the scoring queues were empty when it
/// started, so every acknowledged answer had been scored), lists the round's stored submissions against the rows, the
/// safety net for a scoring message lost without a trace. Any submission without a row is scored, and the round's
/// profiles are built again so the reports count it. Running it again changes nothing.
/// </summary>
public sealed class SweepSubmissions(RoundProfiler profiler)
{
    [Function(nameof(SweepSubmissions))]
    public async Task Run([QueueTrigger(StorageNames.SweepQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<SweepSubmissionsMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await profiler.SweepAsync(request, context.CancellationToken);
    }
}
