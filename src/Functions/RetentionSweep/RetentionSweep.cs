using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.RetentionSweep;

/// <summary>Timer, daily at 03:30 UTC: applies every network's retention period (see <see cref="Surveys.Privacy.RetentionSweep"/>).</summary>
public sealed partial class RetentionSweep(Surveys.Privacy.RetentionSweep sweep, ILogger<RetentionSweep> logger)
{
    public const string Schedule = "0 30 3 * * *";

    [Function(nameof(RetentionSweep))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context) =>
        Purged(logger, await sweep.RunAsync(context.CancellationToken));

    [LoggerMessage(LogLevel.Information, "Retention: {Rounds} round(s) purged")]
    private static partial void Purged(ILogger logger, int rounds);
}
