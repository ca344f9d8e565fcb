using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.RetentionSweep;

/// <summary>Timer, daily at 03:30 UTC: applies every network's retention period (see <see cref="Surveys.Privacy.RetentionSweep"/>) and deletes ended dashboard sessions.</summary>
public sealed partial class RetentionSweep(Surveys.Privacy.RetentionSweep sweep, CoachSessions sessions, ILogger<RetentionSweep> logger)
{
    public const string Schedule = "0 30 3 * * *";

    [Function(nameof(RetentionSweep))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context)
    {
        Purged(logger, await sweep.RunAsync(context.CancellationToken));

        // Dashboard sessions last hours at most; the ones nobody came back to are deleted here with the rest.
        SessionsEnded(logger, await sessions.SweepAsync(context.CancellationToken));
    }

    [LoggerMessage(LogLevel.Information, "Retention: {Rounds} round(s) purged")]
    private static partial void Purged(ILogger logger, int rounds);

    [LoggerMessage(LogLevel.Information, "Retention: {Sessions} ended dashboard session(s) deleted")]
    private static partial void SessionsEnded(ILogger logger, int sessions);
}
