using ReadinessPipeline.Functions.Hosting;

namespace ReadinessPipeline.Functions.RetentionSweep;

/// <summary>Timer, daily at 03:30 UTC: applies every network's retention period (see <see cref="Surveys.Privacy.RetentionSweep"/>).</summary>
public sealed class RetentionSweep(Surveys.Privacy.RetentionSweep sweep) : ITimerFunction
{
    public const string Name = nameof(RetentionSweep);

    public async Task RunAsync(TimerInfo timer, InvocationContext context, CancellationToken cancellationToken) =>
        context.Logs.Add($"Retention: {await sweep.RunAsync(cancellationToken)} round(s) purged.");
}
