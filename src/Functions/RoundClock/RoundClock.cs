using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.RoundClock;

/// <summary>
/// Timer, every minute: opens rounds whose time has come, closes rounds past their close time, queues due reminders,
/// and finishes steps a crash interrupted. Firing late or twice is harmless (every change is ETag-guarded).
/// </summary>
public sealed partial class RoundClock(RoundLifecycle lifecycle, ILogger<RoundClock> logger)
{
    public const string Schedule = "0 * * * * *";

    [Function(nameof(RoundClock))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context)
    {
        var actions = await lifecycle.TickAsync(context.CancellationToken);
        Ticked(logger, actions, timer.IsPastDue);
    }

    [LoggerMessage(LogLevel.Information, "Round clock: {Actions} action(s) (late: {Late})")]
    private static partial void Ticked(ILogger logger, int actions, bool late);
}
