using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.BuildProfiles;

/// <summary>
/// Queue <c>build-profiles</c>: a closed round's aggregates, profiles, personas and report files, then one SendReport
/// per school and one for the coaches. Re-running gives identical files and sends nothing twice.
/// </summary>
public sealed class BuildProfiles(RoundProfiler profiler)
{
    [Function(nameof(BuildProfiles))]
    public async Task Run([QueueTrigger(StorageNames.ProfileQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<BuildProfilesMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await profiler.BuildAsync(request, context.CancellationToken);
    }
}
