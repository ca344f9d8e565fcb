using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.RoundClock;

/// <summary>
/// Timer, every minute: opens rounds whose time has come, closes rounds past their close time, queues due reminders,
/// and finishes steps a crash interrupted. Firing late or twice is harmless (every change is ETag-guarded).
/// </summary>
public sealed class RoundClock(RoundLifecycle lifecycle) : ITimerFunction
{
    public const string Name = nameof(RoundClock);

    public async Task RunAsync(TimerInfo timer, InvocationContext context, CancellationToken cancellationToken)
    {
        var actions = await lifecycle.TickAsync(cancellationToken);
        context.Logs.Add($"Round clock: {actions} action(s){(timer.IsPastDue ? " (late)" : "")}.");
    }
}
