using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.BuildProfiles;

/// <summary>
/// Queue <c>build-profiles</c>: a closed round's aggregates, profiles, personas and report files, then one SendReport
/// per school and one for the coaches. Re-running gives identical files and sends nothing twice.
/// </summary>
public sealed class BuildProfiles(RoundProfiler profiler) : IQueueFunction<BuildProfilesMessage>
{
    public const string Name = nameof(BuildProfiles);

    public Task RunAsync(BuildProfilesMessage message, InvocationContext context, CancellationToken cancellationToken) =>
        profiler.BuildAsync(message, cancellationToken);
}
